import type { Logger } from "@comic-studio/infra";
import type { SessionUser } from "@comic-studio/shared";

/** What the api's middleware leaves on `res.locals` for the handlers. */
export interface RequestAuth {
  user: SessionUser;
  sessionId: string;
  /** How the token came: a cookie (browser) or `Authorization: Bearer` (Node clients). */
  via: "cookie" | "bearer";
}

declare global {
  namespace Express {
    interface Locals {
      requestId: string;
      log: Logger;
      auth: RequestAuth | undefined;
    }
  }
}
