import { ApiError } from "../lib/api.ts";

/**
 * The words a library screen shows for a failed call: the server's message (the error contract's
 * `message` is written for people), with the credit shortfall spelled out when credits ran out.
 */
export function errorText(e: unknown, fallback = "That did not work. Try again."): string {
  if (!(e instanceof ApiError)) return fallback;
  if (e.code === "INSUFFICIENT_BUZZ") {
    const required = Number(e.details?.required);
    const balance = Number(e.details?.balance);
    if (Number.isFinite(required) && Number.isFinite(balance)) {
      return `Not enough credits: this needs ${required} and you have ${balance}. Get more on the Credits page.`;
    }
    return `Not enough credits. ${e.message}`;
  }
  return e.message;
}
