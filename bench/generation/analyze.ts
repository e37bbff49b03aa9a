import { type PageEvent, pageEventsStream } from "@comic-studio/shared";
import type { BullProgressSample, JobTracker, Phase, TrackedJob } from "./jobs.ts";
import type { BenchStack } from "./setup.ts";
import { mean, ratio, type Summary, summarize } from "./stats.ts";
import { progressKey } from "./watcher.ts";

/** One progress report followed through both channels. */
interface ReportPath {
  phase: Phase;
  reportedAtMs: number;
  /** Redis time of the page-events entry (whole ms). */
  pageStreamMs: number;
  /** When the subscribed client's Y.Doc first showed this progress value. */
  docSeenAtMs: number | undefined;
  bull: BullProgressSample | undefined;
}

/** Every paired report, for the JSON: seconds since `originMs`, and both latencies. */
export function rawSamples(all: ReportPath[], originMs: number) {
  return all
    .filter((p) => p.docSeenAtMs !== undefined && p.bull !== undefined)
    .map((p) => ({
      phase: p.phase,
      atS: Math.round(p.reportedAtMs - originMs) / 1_000,
      docMs: Math.round((p.docSeenAtMs! - p.reportedAtMs) * 100) / 100,
      bullmqMs: Math.round((p.bull!.receivedAtMs - p.reportedAtMs) * 100) / 100,
      pageStreamToDocMs: Math.round((p.docSeenAtMs! - p.pageStreamMs) * 100) / 100,
    }));
}

export interface LatencyReport {
  /** Progress reports (worker `updateProgress` + page event) of the measured jobs. */
  reports: number;
  /** Reports with both a document time and a BullMQ event time (the samples below). */
  paired: number;
  missingInDoc: number;
  missingInBullmq: number;
  /** Samples where a later stamp is earlier than the report by more than 1 ms: clocks disagree. */
  clockAnomalies: number;
  doc: Summary | null;
  bullmq: Summary | null;
  /** Samples slower than 100 ms on each path (stalls, not jitter). */
  over100Ms: { doc: number; bullmq: number };
  /** doc / BullMQ at each statistic. */
  ratio: { p50: number | null; p95: number | null; p99: number | null; mean: number | null };
  /** Where the document path's time goes (means; stream stamps are whole ms). */
  docPath: { reportToPageStreamMs: number; pageStreamToDocMs: number };
  bullmqPath: { reportToEventStreamMs: number; eventStreamToListenerMs: number };
}

/** Reads every progress page event the worker wrote and pairs it with what both listeners saw. */
export async function collectReports(stack: BenchStack, tracker: JobTracker): Promise<ReportPath[]> {
  const bull = new Map(tracker.bullProgress.map((s) => [`${s.generationId}|${s.progress}`, s]));
  const entries = await stack.redis.xrange(pageEventsStream(stack.prefix), "-", "+");
  const paths: ReportPath[] = [];
  for (const [id, fields] of entries) {
    const raw = fields[fields.indexOf("event") + 1];
    if (!raw) continue;
    const event = JSON.parse(raw) as PageEvent;
    if (event.type !== "generation") continue;
    const { patch } = event;
    // Step reports only: "running" at progress 0 is the job's start, not an updateProgress.
    if (patch.status !== "running" || !patch.progress || patch.reportedAtMs === undefined) continue;
    const job = tracker.jobs.get(patch.generationId);
    if (!job) continue;
    paths.push({
      phase: job.phase,
      reportedAtMs: patch.reportedAtMs,
      pageStreamMs: Number(id.split("-")[0]),
      docSeenAtMs: job.panel.watcher.firstSeen.get(progressKey(patch.generationId, patch.progress)),
      bull: bull.get(`${patch.generationId}|${patch.progress}`),
    });
  }
  return paths;
}

export function latencyReport(all: ReportPath[], phases: Phase[]): LatencyReport {
  const paths = all.filter((p) => phases.includes(p.phase));
  const paired = paths.filter((p) => p.docSeenAtMs !== undefined && p.bull !== undefined);
  const doc = paired.map((p) => p.docSeenAtMs! - p.reportedAtMs);
  const bullmq = paired.map((p) => p.bull!.receivedAtMs - p.reportedAtMs);
  const anomalies = paired.filter(
    (p) =>
      p.pageStreamMs < p.reportedAtMs - 1 ||
      p.bull!.streamMs < p.reportedAtMs - 1 ||
      p.docSeenAtMs! < p.reportedAtMs ||
      p.bull!.receivedAtMs < p.reportedAtMs,
  ).length;
  const d = summarize(doc);
  const b = summarize(bullmq);
  return {
    reports: paths.length,
    paired: paired.length,
    missingInDoc: paths.filter((p) => p.docSeenAtMs === undefined).length,
    missingInBullmq: paths.filter((p) => p.bull === undefined).length,
    clockAnomalies: anomalies,
    doc: d,
    bullmq: b,
    over100Ms: { doc: doc.filter((x) => x > 100).length, bullmq: bullmq.filter((x) => x > 100).length },
    ratio: {
      p50: ratio(d?.p50Ms, b?.p50Ms),
      p95: ratio(d?.p95Ms, b?.p95Ms),
      p99: ratio(d?.p99Ms, b?.p99Ms),
      mean: ratio(d?.meanMs, b?.meanMs),
    },
    docPath: {
      reportToPageStreamMs: mean(paired.map((p) => p.pageStreamMs - p.reportedAtMs)),
      pageStreamToDocMs: mean(paired.map((p) => p.docSeenAtMs! - p.pageStreamMs)),
    },
    bullmqPath: {
      reportToEventStreamMs: mean(paired.map((p) => p.bull!.streamMs - p.reportedAtMs)),
      eventStreamToListenerMs: mean(paired.map((p) => p.bull!.receivedAtMs - p.bull!.streamMs)),
    },
  };
}

export interface OverheadReport {
  jobs: number;
  /** The engine's own time (its `durationMs`, in the worker's return value). */
  engine: Summary;
  /** Enqueue (bench, just before `queue.add`) to "done" visible in the subscribed client's document. */
  endToEnd: Summary;
  /** endToEnd - engine: everything that is not the engine. */
  overhead: Summary;
  /** Enqueue to BullMQ's processedOn (the worker took it). */
  queueWait: Summary;
  /** In the processor but not the engine (totalMs - engineMs): DB, storage, scoring, credits, events. */
  inWorkerNonEngine: Summary;
  /** Sum of overheads / sum of engine times. */
  overheadToEngine: number | null;
  /** The same per job. */
  overheadToEnginePerJob: Summary;
  /** In-worker non-engine / engine (sums). */
  inWorkerToEngine: number | null;
}

export function overheadReport(
  jobs: TrackedJob[],
  doneSeenAt: (j: TrackedJob) => number | undefined,
): OverheadReport {
  const rows = jobs.map((j) => {
    const engine = j.result!.engineMs;
    const endToEnd = doneSeenAt(j)! - j.enqueuedAtMs!;
    return {
      engine,
      endToEnd,
      overhead: endToEnd - engine,
      queueWait: (j.processedOn ?? Number.NaN) - j.enqueuedAtMs!,
      inWorker: j.result!.totalMs - engine,
    };
  });
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    jobs: rows.length,
    engine: summarize(rows.map((r) => r.engine))!,
    endToEnd: summarize(rows.map((r) => r.endToEnd))!,
    overhead: summarize(rows.map((r) => r.overhead))!,
    queueWait: summarize(rows.map((r) => r.queueWait).filter(Number.isFinite))!,
    inWorkerNonEngine: summarize(rows.map((r) => r.inWorker))!,
    overheadToEngine: ratio(
      sum((r) => r.overhead),
      sum((r) => r.engine),
    ),
    // Stored as a Summary of ratios (the "Ms" fields hold plain ratios here).
    overheadToEnginePerJob: summarize(rows.map((r) => r.overhead / r.engine))!,
    inWorkerToEngine: ratio(
      sum((r) => r.inWorker),
      sum((r) => r.engine),
    ),
  };
}

export interface ThroughputReport {
  jobs: number;
  /** First enqueue to the last "done" visible in a client's document. */
  wallMs: number;
  jobsPerSecond: number;
  /** BullMQ's view: first processedOn to last finishedOn (worker clock, whole ms). */
  workerSpanMs: number;
  workerJobsPerSecond: number;
  /** Engine time per job while 2 ran side by side in the worker. */
  engineUnderLoad: Summary;
  inWorkerNonEngineUnderLoad: Summary;
}

export function throughputReport(
  jobs: TrackedJob[],
  doneSeenAt: (j: TrackedJob) => number | undefined,
): ThroughputReport {
  const start = Math.min(...jobs.map((j) => j.enqueuedAtMs!));
  const end = Math.max(...jobs.map((j) => doneSeenAt(j)!));
  const firstActive = Math.min(...jobs.map((j) => j.processedOn ?? Number.POSITIVE_INFINITY));
  const lastFinished = Math.max(...jobs.map((j) => j.finishedOn ?? Number.NEGATIVE_INFINITY));
  return {
    jobs: jobs.length,
    wallMs: end - start,
    jobsPerSecond: (jobs.length * 1_000) / (end - start),
    workerSpanMs: lastFinished - firstActive,
    workerJobsPerSecond: (jobs.length * 1_000) / (lastFinished - firstActive),
    engineUnderLoad: summarize(jobs.map((j) => j.result!.engineMs))!,
    inWorkerNonEngineUnderLoad: summarize(jobs.map((j) => j.result!.totalMs - j.result!.engineMs))!,
  };
}
