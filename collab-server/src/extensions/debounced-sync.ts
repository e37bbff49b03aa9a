import type { Document } from "@hocuspocus/server";

/**
 * Runs an extension's per-document sync after changes settle: one timer per document (a new
 * change restarts it) and one sync at a time per document (a sync waits for the one before).
 * Shared by the extensions that mirror a page document into Postgres.
 */
export class DebouncedDocumentSync {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly sync: (documentName: string, document: Document) => Promise<void>) {}

  /** Syncs `documentName` once `delayMs` pass without another call for it. */
  schedule(documentName: string, document: Document, delayMs: number): void {
    const existing = this.timers.get(documentName);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.timers.delete(documentName);
      void this.run(documentName, document);
    }, delayMs);
    timer.unref();
    this.timers.set(documentName, timer);
  }

  /** Syncs now, after any sync of the same document still running. */
  async run(documentName: string, document: Document): Promise<void> {
    const previous = this.running.get(documentName);
    if (previous) await previous;
    const job = this.sync(documentName, document).finally(() => {
      if (this.running.get(documentName) === job) this.running.delete(documentName);
    });
    this.running.set(documentName, job);
    return job;
  }

  /** Before a document unloads: runs a pending sync at once and waits for the one in flight. */
  async flush(documentName: string, document: Document): Promise<void> {
    const timer = this.timers.get(documentName);
    if (timer) {
      clearTimeout(timer);
      this.timers.delete(documentName);
      await this.run(documentName, document);
    }
    await this.running.get(documentName);
  }

  /** On shutdown: drops pending syncs and waits for those running. */
  async close(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.running.values());
  }
}
