import type { Readable } from "node:stream";

export interface StoredObject {
  body: Readable;
  contentType: string | undefined;
  size: number | undefined;
}

/**
 * Where uploads, renders and exports live. Keys are relative paths (`uploads/ab/abcdef….png`);
 * content-addressed keys make `put` idempotent.
 */
export interface ObjectStorage {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/** Keys are ours, but a key must never climb out of the storage root. */
export function assertSafeKey(key: string): void {
  if (
    !/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key) ||
    key.split("/").some((part) => part === ".." || part === "")
  ) {
    throw new Error(`Unsafe storage key: ${key}`);
  }
}
