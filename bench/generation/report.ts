import type { LatencyReport, OverheadReport, ThroughputReport } from "./analyze.ts";
import type { EngineRound } from "./baseline.ts";
import type { CpuUse } from "./cpu.ts";
import type { TeardownReport } from "./setup.ts";
import { fmtMs, fmtX, type Summary } from "./stats.ts";

export interface Result {
  benchmark: "generation";
  at: string;
  machine: { cpus: number; model: string; node: string };
  config: {
    size: string;
    variations: number;
    engine: string;
    workerConcurrency: number;
    sequentialJobs: number;
    throughputJobs: number;
    throughputRounds: number;
    pacedJobs: number;
    pacedStepMs: number;
    warmupJobs: number;
    progressThrottleMs: number;
    serviceEnv: Record<string, string>;
  };
  latency: {
    sequential: LatencyReport;
    underLoad: LatencyReport;
    paced: LatencyReport;
    all: LatencyReport;
  };
  overhead: { sequential: OverheadReport; underLoad: OverheadReport };
  throughput: {
    pipeline: { jobsPerSecond: number; rounds: ThroughputReport[] };
    engineAlone: { what: string; jobsPerSecond: number; rounds: EngineRound[] };
    ratio: number;
    ratioPerRoundMean: number;
  };
  engineAloneOneAtATime: Summary;
  scoringPerJob: Summary;
  checks: { jobs: number; completed: number; committed: number; autoRegenerations: number };
  loadAverage1m: { start: number; afterPipeline: number };
  /** Core-ms per throughput job (Postgres and Redis not counted). */
  cpuPerJob: {
    pipelineMs: number | null;
    workerMs: number | null;
    engineAloneMs: number;
    ratio: number | null;
  };
  cpu: { sequential: CpuUse; throughput: CpuUse; engineAlone: CpuUse; paced: CpuUse | null };
  teardown: TeardownReport;
  runtimeS: number;
  /** Every paired progress report (seconds since the first job, latencies in ms). */
  samples: Array<{ phase: string; atS: number; docMs: number; bullmqMs: number; pageStreamToDocMs: number }>;
}

export const METHOD = [
  "Real processes: collab-server and worker (infra startStack), fresh Postgres database, own Redis prefix.",
  "Jobs are created as the api does (credit reservation, generations row, BullMQ job, 'queued' page event),",
  "from the bench process without the HTTP hop. The worker runs them with the sketch engine.",
  "Progress latency: the worker stamps each progress report once (performance.timeOrigin + now(), after",
  "the preview frame is stored, just before job.updateProgress) and puts the same stamp in the BullMQ",
  "progress data and in the page event it publishes next. BullMQ latency = QueueEvents 'progress' listener",
  "in the bench process - stamp. Document latency = first Y.Doc update of a HocuspocusProvider client (bench",
  "process) showing that progress value on the panel - stamp. Same machine, same clock. The document path",
  "includes the worker awaiting updateProgress before it publishes (that is how the worker works).",
].join("\n  ");

const fmtNum = (v: number | null) => (v === null ? "-" : v.toFixed(1));
const num = (v: number | null) => (v === null ? "       -" : v.toFixed(2).padStart(8));
const x8 = (v: number | null) => fmtX(v).padStart(8);
const list = (xs: number[], digits = 2) => xs.map((v) => v.toFixed(digits)).join(", ");

function latencyRows(label: string, r: LatencyReport): string[] {
  const row = (name: string, s: Summary | null, slow: number) =>
    `    ${name.padEnd(52)}${String(s?.n ?? 0).padStart(5)}${fmtMs(s?.p50Ms)}${fmtMs(s?.p95Ms)}${fmtMs(s?.p99Ms)}${fmtMs(s?.meanMs)}${fmtMs(s?.maxMs)}${String(slow).padStart(7)}`;
  return [
    `  ${label}`,
    row("worker report -> client's Y.Doc (page-events path)", r.doc, r.over100Ms.doc),
    row("worker report -> BullMQ QueueEvents 'progress'", r.bullmq, r.over100Ms.bullmq),
    `    ${"ratio Y.Doc / BullMQ".padEnd(57)}${x8(r.ratio.p50)}${x8(r.ratio.p95)}${x8(r.ratio.p99)}${x8(r.ratio.mean)}`,
  ];
}

function summaryRow(name: string, s: Summary): string {
  return `  ${name.padEnd(50)}${fmtMs(s.meanMs)}${fmtMs(s.p50Ms)}${fmtMs(s.p95Ms)}${fmtMs(s.maxMs)}`;
}

function latencySection(r: Result): string[] {
  const out = [`\n1. Progress latency, ms${" ".repeat(34)}n     p50     p95     p99    mean     max  >100ms`];
  out.push(...latencyRows("one job at a time", r.latency.sequential));
  out.push(
    ...latencyRows(
      `${r.config.throughputRounds} rounds of ${r.config.throughputJobs} jobs back to back, ${r.config.workerConcurrency} at once (CPU saturated)`,
      r.latency.underLoad,
    ),
  );
  if (r.config.pacedJobs > 0) {
    out.push(
      ...latencyRows(
        `${r.config.pacedJobs} paced jobs (engine steps >= ${r.config.pacedStepMs} ms: ~1 s jobs, CPU mostly idle)`,
        r.latency.paced,
      ),
    );
  }
  out.push(...latencyRows("all of the above", r.latency.all));
  const a = r.latency.all;
  out.push(
    `  where the time goes (means, all): Y.Doc path ${a.docPath.reportToPageStreamMs.toFixed(1)} ms report -> page-events stream, ` +
      `${a.docPath.pageStreamToDocMs.toFixed(1)} ms stream -> collab-server -> client's doc;`,
    `    BullMQ path ${a.bullmqPath.reportToEventStreamMs.toFixed(1)} ms report -> events stream, ${a.bullmqPath.eventStreamToListenerMs.toFixed(1)} ms stream -> listener (stream times are whole ms)`,
    `  reports ${a.reports}, paired ${a.paired}, missing in doc ${a.missingInDoc}, missing in BullMQ ${a.missingInBullmq}, clock anomalies ${a.clockAnomalies}`,
  );
  return out;
}

function overheadSection(r: Result): string[] {
  const o = r.overhead.sequential;
  const u = r.overhead.underLoad;
  return [
    `\n2. Pipeline overhead per job, ms (${o.jobs} jobs one at a time)          mean     p50     p95     max`,
    summaryRow("engine's own time (engineMs)", o.engine),
    summaryRow("enqueue -> 'done' visible in the client's doc", o.endToEnd),
    summaryRow("overhead = that - engine's own time", o.overhead),
    summaryRow("  of which queue wait (enqueue -> active; whole ms)", o.queueWait),
    summaryRow("  of which in the worker, not the engine", o.inWorkerNonEngine),
    `  overhead / engine time: ${fmtX(o.overheadToEngine)} (sums), per job p50 ${fmtX(o.overheadToEnginePerJob.p50Ms)}; in-worker non-engine / engine ${fmtX(o.inWorkerToEngine)}`,
    `  in-worker part = storing previews and results, scoring, 3 SQL updates, credit commit, page events;`,
    `    scoring 4 variations alone takes ${r.scoringPerJob.meanMs.toFixed(1)} ms (measured in this process)`,
    `  under load (${u.jobs} jobs, ${r.config.workerConcurrency} at once): in the worker, not the engine ${u.inWorkerNonEngine.meanMs.toFixed(1)} ms mean vs engine ${u.engine.meanMs.toFixed(1)} ms -> ${fmtX(u.inWorkerToEngine)}`,
    "    (under load, enqueue -> done is mostly waiting behind other jobs, so only the in-worker part is shown)",
  ];
}

function throughputSection(r: Result): string[] {
  const p = r.throughput.pipeline;
  const e = r.throughput.engineAlone;
  return [
    `\n3. Throughput, sketch engine on ${r.machine.cpus} cores (${p.rounds.length} rounds of ${r.config.throughputJobs} jobs back to back, then the engine alone)`,
    `  pipeline, first enqueue -> last 'done' in the clients' docs: ${list(
      p.rounds.map((t) => t.wallMs),
      0,
    )} ms -> ${list(p.rounds.map((t) => t.jobsPerSecond))} jobs/s, mean ${p.jobsPerSecond.toFixed(2)} jobs/s`,
    `    (BullMQ's own span, first active -> last finished: ${list(p.rounds.map((t) => t.workerJobsPerSecond))} jobs/s)`,
    `  engine alone in this process, ${r.config.workerConcurrency} lanes, the same payloads: ${list(e.rounds.map((t) => t.jobsPerSecond))} jobs/s, mean ${e.jobsPerSecond.toFixed(2)} jobs/s`,
    `  ratio pipeline / engine alone: ${fmtX(round2(r.throughput.ratio))} (means), ${fmtX(round2(r.throughput.ratioPerRoundMean))} (mean of the rounds' ratios)`,
    `  CPU per job (less disturbed by other work here): pipeline ${fmtNum(r.cpuPerJob.pipelineMs)} core-ms (worker ${fmtNum(r.cpuPerJob.workerMs)}, the rest collab-server and the bench's clients; Postgres, Redis not counted)`,
    `    vs engine alone ${r.cpuPerJob.engineAloneMs.toFixed(1)} core-ms -> ${fmtX(r.cpuPerJob.ratio === null ? null : round2(r.cpuPerJob.ratio))}`,
    `  engine's own time per job: alone, one at a time ${r.engineAloneOneAtATime.meanMs.toFixed(1)} ms; in the worker, one at a time ${r.overhead.sequential.engine.meanMs.toFixed(1)} ms, ${r.config.workerConcurrency} at once ${r.overhead.underLoad.engine.meanMs.toFixed(1)} ms`,
  ];
}

const round2 = (v: number) => Math.round(v * 100) / 100;

function cpuSection(r: Result): string[] {
  const row = (name: string, c: CpuUse | null) =>
    c
      ? `  ${name.padEnd(24)}${c.wallS.toFixed(1).padStart(6)}${num(c.workerS)}${num(c.collabServerS)}${num(c.benchProcessS)}${num(c.everythingElseS)}${c.machineBusy === null ? "       -" : `${Math.round(c.machineBusy * 100)}%`.padStart(8)}`
      : null;
  return [
    "\nCPU, core-seconds              wall  worker  collab   bench    rest    busy   (rest: Postgres, Redis, anything else here)",
    ...[
      row("one job at a time", r.cpu.sequential),
      row("throughput rounds", r.cpu.throughput),
      row("engine-alone rounds", r.cpu.engineAlone),
      row("paced jobs", r.cpu.paced),
    ].filter((x): x is string => x !== null),
  ];
}

export function printReport(r: Result): void {
  const env = Object.entries(r.config.serviceEnv);
  const out = [
    `\nGeneration pipeline benchmark on ${r.machine.cpus} CPU(s) (${r.machine.model}), Node ${r.machine.node}`,
    `sketch engine, ${r.config.variations} variations at ${r.config.size}, worker concurrency ${r.config.workerConcurrency}, progress throttle ${r.config.progressThrottleMs} ms` +
      (env.length ? `; service env ${env.map(([k, v]) => `${k}=${v}`).join(" ")}` : ""),
    `1-min load average: ${r.loadAverage1m.start.toFixed(2)} at start, ${r.loadAverage1m.afterPipeline.toFixed(2)} after the throughput rounds (see the CPU table for other work on this machine)`,
    `Method:\n  ${METHOD}`,
    ...latencySection(r),
    ...overheadSection(r),
    ...throughputSection(r),
    ...cpuSection(r),
    `\nChecks: ${r.checks.completed}/${r.checks.jobs} completed, ${r.checks.committed} reservations committed, ${r.checks.autoRegenerations} auto-regenerations`,
    `Cleanup: database dropped, ${r.teardown.redisKeysDeleted} Redis keys deleted (${r.teardown.redisKeysLeft} left), processes stopped${r.teardown.errors.length ? `; problems: ${r.teardown.errors.join("; ")}` : ""}`,
    `Runtime ${r.runtimeS.toFixed(1)} s`,
  ];
  console.log(out.join("\n"));
}
