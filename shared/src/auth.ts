/** Name of the session cookie the api sets and collab-server reads. */
export const SESSION_COOKIE = "cs_session";
/** Sessions last 30 days and slide: used in their last 15 days, they are extended. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60_000;
export const SESSION_RENEW_WITHIN_MS = 15 * 24 * 60 * 60_000;

/** The public view of a signed-in user. */
export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
}
