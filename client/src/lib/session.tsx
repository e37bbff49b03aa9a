import type { SessionUser } from "@comic-studio/shared";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { ApiError, api } from "./api.ts";

interface SessionValue {
  /** undefined while loading, null when signed out. */
  user: SessionUser | null | undefined;
  signIn(email: string, password: string): Promise<void>;
  signUp(email: string, password: string, displayName: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(() => {
    api<{ user: SessionUser }>("/auth/me")
      .then((r) => setUser(r.user))
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) setUser(null);
        else setUser(null);
      });
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const r = await api<{ user: SessionUser }>("/auth/sign-in", {
      method: "POST",
      body: { email, password },
    });
    setUser(r.user);
  }, []);
  const signUp = useCallback(async (email: string, password: string, displayName: string) => {
    const r = await api<{ user: SessionUser }>("/auth/sign-up", {
      method: "POST",
      body: { email, password, displayName },
    });
    setUser(r.user);
  }, []);
  const signOut = useCallback(async () => {
    await api("/auth/sign-out", { method: "POST" });
    setUser(null);
  }, []);

  return (
    <SessionContext.Provider value={{ user, signIn, signUp, signOut }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
