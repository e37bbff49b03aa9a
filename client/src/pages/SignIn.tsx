import { authEndpoints } from "@comic-studio/shared";
import { type FormEvent, useState } from "react";
import { ApiError, call } from "../lib/api.ts";
import { useAsync } from "../lib/useAsync.ts";

const SSO_ERRORS: Record<string, string> = {
  UNAUTHENTICATED: "Single sign-on did not complete. Try again.",
  FORBIDDEN: "Your single sign-on account has no verified email address, so it cannot be linked.",
};

import { useSession } from "../lib/session.tsx";

export function SignIn() {
  const { signIn, signUp } = useSession();
  const [mode, setMode] = useState<"sign-in" | "sign-up">("sign-in");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [error, setError] = useState<string | null>(() => {
    const code = new URLSearchParams(window.location.search).get("sso_error");
    return code ? (SSO_ERRORS[code] ?? "Single sign-on failed. Try again or use your password.") : null;
  });
  const providers = useAsync(() => call(authEndpoints.providers), []);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "sign-in") await signIn(email, password);
      else await signUp(email, password, displayName);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Something went wrong. Try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth">
      <form
        className="card auth-card"
        onSubmit={submit}
        aria-label={mode === "sign-in" ? "Sign in" : "Sign up"}
      >
        <div className="auth-brand">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <div>
            <h1>Comic Studio</h1>
            <p className="muted">Make comics and webtoons together.</p>
          </div>
        </div>
        {mode === "sign-up" && (
          <label>
            Display name
            <input
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
              required
              maxLength={120}
            />
          </label>
        )}
        <label>
          Email
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoComplete="email"
          />
        </label>
        <label>
          Password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={mode === "sign-up" ? 10 : 1}
            autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button className="button primary" type="submit" disabled={busy}>
          {busy ? "Please wait…" : mode === "sign-in" ? "Sign in" : "Create account"}
        </button>
        {providers.data?.oidc.enabled && (
          <a className="button" href="/api/auth/oidc/start?returnTo=/">
            Continue with single sign-on
          </a>
        )}
        <button
          type="button"
          className="button link"
          onClick={() => {
            setMode(mode === "sign-in" ? "sign-up" : "sign-in");
            setError(null);
          }}
        >
          {mode === "sign-in" ? "New here? Create an account" : "Have an account? Sign in"}
        </button>
      </form>
    </main>
  );
}
