import type { GenerationStatus } from "../jobs.ts";
import type { PanelGeneration } from "./shapes.ts";

/**
 * A write of generation state into a panel. `generationId`, `requestedAtMs` and `status` are
 * required so that every write can be ordered; the rest is optional and kept when absent.
 */
export type PanelGenerationPatch = Partial<
  Omit<PanelGeneration, "generationId" | "requestedAtMs" | "status">
> & {
  generationId: string;
  requestedAtMs: number;
  status: GenerationStatus;
};

const STATUS_RANK: Record<GenerationStatus, number> = {
  queued: 0,
  running: 1,
  done: 2,
  failed: 2,
  cancelled: 2,
};

export function isTerminalGenerationStatus(status: GenerationStatus): boolean {
  return STATUS_RANK[status] === 2;
}

function emptyGeneration(patch: PanelGenerationPatch): PanelGeneration {
  return {
    generationId: patch.generationId,
    status: patch.status,
    queuePosition: null,
    progress: 0,
    previewUrl: null,
    variations: [],
    bestIndex: null,
    error: null,
    requestedAtMs: patch.requestedAtMs,
    updatedAtMs: 0,
    engine: null,
    autoRegeneration: false,
  };
}

/**
 * The generation state after applying `patch`, or null when the patch changes nothing.
 * Idempotent and monotonic, so replayed or reordered events cannot duplicate or regress:
 * - a patch for an older request (by `requestedAtMs`, then id) than the panel shows is ignored;
 * - within one generation, status only moves forward (queued, running, then one terminal
 *   state; the first terminal state wins) and progress never goes down;
 * - applying the same patch twice changes nothing the second time.
 */
export function mergePanelGeneration(
  current: PanelGeneration | null,
  patch: PanelGenerationPatch,
  nowMs: number,
): PanelGeneration | null {
  let base: PanelGeneration;
  if (!current || current.generationId !== patch.generationId) {
    if (current) {
      if (patch.requestedAtMs < current.requestedAtMs) return null;
      if (patch.requestedAtMs === current.requestedAtMs && patch.generationId < current.generationId)
        return null;
    }
    base = emptyGeneration(patch);
  } else {
    const from = STATUS_RANK[current.status];
    const to = STATUS_RANK[patch.status];
    if (to < from) return null;
    if (from === 2 && patch.status !== current.status) return null;
    base = current;
  }

  const continuing = base === current;
  const patchProgress = clamp01(patch.progress ?? base.progress);
  const progress =
    patch.status === "done" ? 1 : continuing ? Math.max(base.progress, patchProgress) : patchProgress;
  // A late preview frame (lower progress than shown) must not replace a newer one.
  const previewIsFresh = !continuing || patchProgress >= base.progress;

  const next: PanelGeneration = {
    ...base,
    status: patch.status,
    queuePosition: patch.status === "queued" ? (patch.queuePosition ?? base.queuePosition) : null,
    progress,
    previewUrl: patch.previewUrl !== undefined && previewIsFresh ? patch.previewUrl : base.previewUrl,
    variations: patch.variations ?? base.variations,
    bestIndex: patch.bestIndex !== undefined ? patch.bestIndex : base.bestIndex,
    error: patch.error !== undefined ? patch.error : base.error,
    engine: patch.engine !== undefined ? patch.engine : base.engine,
    autoRegeneration: patch.autoRegeneration ?? base.autoRegeneration,
    updatedAtMs: base.updatedAtMs,
  };
  if (current && sameGeneration(current, next)) return null;
  next.updatedAtMs = Math.max(nowMs, current?.updatedAtMs ?? 0);
  return next;
}

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}

function sameGeneration(a: PanelGeneration, b: PanelGeneration): boolean {
  return JSON.stringify({ ...a, updatedAtMs: 0 }) === JSON.stringify({ ...b, updatedAtMs: 0 });
}
