import { z } from "zod";
import { emailSchema } from "./common.ts";
import { defineEndpoint } from "./endpoint.ts";

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
});
export type ApiUser = z.infer<typeof userSchema>;

/** Passwords: at least 8 characters; long passphrases welcome (argon2 takes any length, we cap abuse). */
export const passwordSchema = z.string().min(8, "Use at least 8 characters.").max(256);

export const signUpBody = z.object({
  email: emailSchema,
  password: passwordSchema,
  displayName: z.string().trim().min(1).max(120),
});
export const signInBody = z.object({
  email: emailSchema,
  password: z.string().min(1).max(256),
});

/**
 * `token` is present only when the request carried `X-Session-Token: want`: Node clients (tests,
 * bench) then send it as `Authorization: Bearer <token>` or as the Hocuspocus `token`.
 */
export const authResponse = z.object({ user: userSchema, token: z.string().optional() });

export const providersResponse = z.object({
  password: z.boolean(),
  oidc: z.object({ enabled: z.boolean(), issuer: z.string().nullable() }),
});

export const oidcStartQuery = z.object({
  /** Where to land after signing in: a path on the app, never another origin. */
  returnTo: z
    .string()
    .regex(/^\/(?!\/)[^\s\\]*$/, "A path on this app")
    .max(500)
    .optional(),
});
export const oidcCallbackQuery = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
  iss: z.string().max(500).optional(),
});

export const authEndpoints = {
  signUp: defineEndpoint({
    method: "post",
    path: "/auth/sign-up",
    summary: "Create an account and sign in (sets the cs_session cookie)",
    tag: "auth",
    auth: "public",
    status: 201,
    body: signUpBody,
    response: authResponse,
    errors: ["CONFLICT", "RATE_LIMITED", "CSRF_REJECTED"],
  }),
  signIn: defineEndpoint({
    method: "post",
    path: "/auth/sign-in",
    summary:
      "Sign in with email and password (sets cs_session; `X-Session-Token: want` also returns the token)",
    tag: "auth",
    auth: "public",
    status: 200,
    body: signInBody,
    response: authResponse,
    errors: ["INVALID_CREDENTIALS", "RATE_LIMITED", "CSRF_REJECTED"],
  }),
  signOut: defineEndpoint({
    method: "post",
    path: "/auth/sign-out",
    summary: "End this session and clear its cookie",
    tag: "auth",
    auth: "public",
    status: 204,
    errors: ["CSRF_REJECTED"],
  }),
  me: defineEndpoint({
    method: "get",
    path: "/auth/me",
    summary: "The signed-in user",
    tag: "auth",
    auth: "session",
    status: 200,
    response: z.object({ user: userSchema }),
    errors: ["UNAUTHENTICATED"],
  }),
  providers: defineEndpoint({
    method: "get",
    path: "/auth/providers",
    summary: "Which sign-in methods this deployment offers",
    tag: "auth",
    auth: "public",
    status: 200,
    response: providersResponse,
  }),
  oidcStart: defineEndpoint({
    method: "get",
    path: "/auth/oidc/start",
    summary: "Redirect to the OpenID Connect provider (PKCE, state and nonce)",
    tag: "auth",
    auth: "public",
    status: 302,
    query: oidcStartQuery,
    content: "redirect",
    errors: ["NOT_FOUND"],
  }),
  oidcCallback: defineEndpoint({
    method: "get",
    path: "/auth/oidc/callback",
    summary: "Provider redirect target: links or creates the account, sets cs_session, redirects to the app",
    tag: "auth",
    auth: "public",
    status: 302,
    query: oidcCallbackQuery,
    content: "redirect",
    errors: ["NOT_FOUND", "UNAUTHENTICATED", "CONFLICT"],
  }),
} as const;
