import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { assertSafeKey, type ObjectStorage, type StoredObject } from "./storage.ts";

const TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  pdf: "application/pdf",
  json: "application/json",
  zip: "application/zip",
};

/** Files under a directory (STORAGE_DIR, default .data/storage): the local default. */
export class LocalDiskStorage implements ObjectStorage {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  #path(key: string): string {
    assertSafeKey(key);
    return join(this.root, key);
  }

  async put(key: string, data: Buffer, _contentType: string): Promise<void> {
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename: a reader never sees half a file, and concurrent puts of the same
    // content-addressed key both end with the same bytes.
    const temp = `${path}.${process.pid}.${crypto.randomUUID()}.tmp`;
    await writeFile(temp, data);
    await rename(temp, path);
  }

  async get(key: string): Promise<StoredObject | null> {
    const path = this.#path(key);
    try {
      const info = await stat(path);
      const ext = key.slice(key.lastIndexOf(".") + 1).toLowerCase();
      return { body: createReadStream(path), contentType: TYPES[ext], size: info.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await stat(this.#path(key));
      return true;
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }
}
