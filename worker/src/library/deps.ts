import type { Logger, ObjectStorage, Sql } from "@comic-studio/infra";
import type { StyleDescriptor } from "../analysis/descriptor.ts";
import type { GenerationEngine } from "../engines/types.ts";
import type { ReservationSettler } from "../jobs/generation.ts";
import type { StyleMatcher } from "../styles/index.ts";

/** What library jobs are built from; tests pass their own engine, storage and a small matcher. */
export interface LibraryDeps {
  sql: Sql;
  logger: Logger;
  /** Renders anchors, location drafts and variants (the project's generation engine). */
  engine: GenerationEngine;
  storage: ObjectStorage;
  credits: ReservationSettler;
  descriptor: StyleDescriptor;
  /** The style matcher (built lazily: the first build renders the catalogue). */
  matcher(): Promise<StyleMatcher>;
}

/** Reports a job's progress (0..1) and stage in words; persisted so the status endpoint shows it. */
export type ProgressReporter = (progress: number, stage: string) => Promise<void>;

export async function readObject(storage: ObjectStorage, key: string): Promise<Buffer | null> {
  const object = await storage.get(key);
  if (!object) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Reads objects, skipping missing ones (a reference deleted from storage is not fatal). */
export async function readObjects(storage: ObjectStorage, keys: readonly string[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const key of keys) {
    const bytes = await readObject(storage, key);
    if (bytes) out.push(bytes);
  }
  return out;
}

/** 32-bit seed from a string (FNV-1a), so re-rendering the same thing gives the same picture. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 2 ** 31;
}
