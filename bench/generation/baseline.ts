import type { PanelGenerationPayload } from "@comic-studio/shared";
import { StyleDescriptor } from "../../worker/src/analysis/descriptor.ts";
import { scoreVariations } from "../../worker/src/analysis/scores.ts";
import { SketchEngine } from "../../worker/src/engines/sketch/engine.ts";
import { describePanel } from "../../worker/src/jobs/generation.ts";
import { nowMs, type Summary, summarize } from "./stats.ts";

export interface EngineRound {
  jobs: number;
  wallMs: number;
  jobsPerSecond: number;
}

/**
 * The sketch engine alone, in the bench process, on exactly the payloads the pipeline runs: no
 * queue, no Redis, no storage, no document. Previews are drawn (an `onProgress` is passed, as
 * the worker does) and thrown away.
 */
export class EngineAlone {
  readonly what =
    "SketchEngine.generate in the bench process on the same payloads (previews drawn and dropped)";
  private readonly engine = new SketchEngine();

  private run(p: PanelGenerationPayload) {
    return this.engine.generate(describePanel(p), { onProgress: () => {} });
  }

  /** Warms up sharp, librsvg and the JIT. */
  async warm(payloads: PanelGenerationPayload[]): Promise<void> {
    for (const p of payloads) await this.run(p);
  }

  /** One job at a time: the engine's own durationMs, and the pictures (for the scoring timing). */
  async oneAtATime(payloads: PanelGenerationPayload[]): Promise<{ engine: Summary; pictures: Buffer[][] }> {
    const durations: number[] = [];
    const pictures: Buffer[][] = [];
    for (const p of payloads) {
      const result = await this.run(p);
      durations.push(result.durationMs);
      pictures.push(result.variations.map((v) => v.png));
    }
    return { engine: summarize(durations)!, pictures };
  }

  /** All `payloads` through `lanes` concurrent lanes, as the worker's concurrency does. */
  async round(payloads: PanelGenerationPayload[], lanes: number): Promise<EngineRound> {
    let next = 0;
    const started = nowMs();
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < payloads.length) await this.run(payloads[next++]!);
      }),
    );
    const wallMs = nowMs() - started;
    return { jobs: payloads.length, wallMs, jobsPerSecond: (payloads.length * 1_000) / wallMs };
  }
}

/** What the worker's scorer does for a project without style references (its Postgres read aside). */
export async function scoringTime(pictures: Buffer[][]): Promise<Summary> {
  const descriptor = await StyleDescriptor.create();
  const times: number[] = [];
  try {
    await scoreVariations({ descriptor, variations: pictures[0]!, style: null });
    for (const variations of pictures) {
      const t = nowMs();
      await scoreVariations({ descriptor, variations, style: null });
      times.push(nowMs() - t);
    }
  } finally {
    await descriptor.close();
  }
  return summarize(times)!;
}
