/**
 * Generation pipeline benchmark: `pnpm bench generation` or `pnpm bench:generation`.
 *
 * One run on this machine, every service a real process (collab-server and worker from
 * infra's startStack, on a fresh database and Redis prefix), the sketch engine:
 *   1. progress latency: from the worker's progress report to the change visible in a subscribed
 *      client's Y.Doc (HocuspocusProvider over WebSocket), next to BullMQ's own progress-event
 *      latency (job.updateProgress -> QueueEvents "progress" listener) for the same reports;
 *   2. pipeline overhead per job (everything but the engine's own time) against the engine's time;
 *   3. jobs per second through the pipeline (worker concurrency 2), against the engine alone
 *      in this process with 2 lanes on the same payloads.
 * Prints a table and writes JSON to bench/results/ (git-ignored). Cleans up after itself.
 *
 * A last phase restarts the worker with paced engine steps (SKETCH_MIN_STEP_MS), so jobs last about
 * a second with the CPU mostly idle, as with an engine waiting on a GPU: more progress reports
 * per job, measured the same way.
 *
 * Options (environment): BENCH_JOBS (jobs per throughput round, default 24: one per panel),
 * BENCH_ROUNDS (throughput rounds back to back, 4), BENCH_SEQUENTIAL (one-at-a-time jobs, 30),
 * BENCH_PACED_JOBS (12; 0 skips the phase), BENCH_PACED_STEP_MS (40), BENCH_WIDTH / BENCH_HEIGHT
 * (384x256), BENCH_CONCURRENCY (worker concurrency, 2), BENCH_TIMEOUT_MS (whole run, 240000),
 * BENCH_SERVICE_ENV (extra environment for both services as JSON, e.g.
 * '{"STORE_MAX_DEBOUNCE_MS":"120000"}' to see collab-server without its forced document stores).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { PROGRESS_THROTTLE_MS } from "@comic-studio/shared";
import { collectReports, latencyReport, overheadReport, rawSamples, throughputReport } from "./analyze.ts";
import { EngineAlone, type EngineRound, scoringTime } from "./baseline.ts";
import { CpuMeter, type CpuUse } from "./cpu.ts";
import { JobTracker, type Phase, type TrackedJob } from "./jobs.ts";
import { printReport, type Result } from "./report.ts";
import { type BenchStack, logTails, PANELS_PER_PAGE, setUpStack, type TeardownReport } from "./setup.ts";
import { mean, nowMs } from "./stats.ts";

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(raw)}`);
  }
  return n;
}

const JOBS = intEnv("BENCH_JOBS", 24, 2, 120);
const SEQUENTIAL = intEnv("BENCH_SEQUENTIAL", 30, 2, 200);
const WIDTH = intEnv("BENCH_WIDTH", 384, 64, 2048);
const HEIGHT = intEnv("BENCH_HEIGHT", 256, 64, 2048);
const CONCURRENCY = intEnv("BENCH_CONCURRENCY", 2, 1, 16);
const TIMEOUT_MS = intEnv("BENCH_TIMEOUT_MS", 240_000, 30_000, 1_800_000);
const ROUNDS = intEnv("BENCH_ROUNDS", 4, 1, 20);
const PACED_JOBS = intEnv("BENCH_PACED_JOBS", 12, 0, 120);
const PACED_STEP_MS = intEnv("BENCH_PACED_STEP_MS", 40, 1, 1_000);
const WARMUP = 4;
const SERVICE_ENV = serviceEnv();

/** BENCH_SERVICE_ENV: extra environment for collab-server and the worker, as a JSON object of strings. */
function serviceEnv(): Record<string, string> {
  const raw = process.env.BENCH_SERVICE_ENV;
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = null;
  }
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    Object.values(parsed).some((v) => typeof v !== "string")
  ) {
    throw new Error(`BENCH_SERVICE_ENV must be a JSON object of strings; got ${raw}`);
  }
  return parsed as Record<string, string>;
}

const log = (line: string) => console.log(`[bench] ${line}`);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(stack: BenchStack) {
  const tracker = new JobTracker(stack, { width: WIDTH, height: HEIGHT });
  const engineAlone = new EngineAlone();
  const panels = stack.panels;
  const pids = () => stack.pids();
  const cpu = {
    sequential: new CpuMeter(pids),
    throughput: new CpuMeter(pids),
    paced: new CpuMeter(pids),
    engineAlone: new CpuMeter(pids),
  };
  const loadAtStart = loadavg()[0]!;
  const originMs = nowMs();
  const doneSeenAt = (j: TrackedJob) => tracker.doneSeenAt(j);
  /** Prepares `n` jobs on distinct panels, enqueues them back to back and waits for all. */
  const burst = async (phase: Phase, n: number, what: string, timeoutMs: number) => {
    const jobs: TrackedJob[] = [];
    for (let i = 0; i < n; i++) jobs.push(await tracker.prepare(phase, panels[i % panels.length]!));
    for (const job of jobs) await tracker.enqueue(job);
    await tracker.waitDone(jobs, timeoutMs, what);
    return jobs;
  };

  log(`warm-up: ${WARMUP} jobs through the pipeline, 2 in this process`);
  const warm = await burst("warmup", WARMUP, "warm-up jobs", 60_000);
  await engineAlone.warm(warm.slice(0, 2).map((j) => j.payload));

  log(`one job at a time: ${SEQUENTIAL} jobs`);
  const sequential: TrackedJob[] = [];
  cpu.sequential.start();
  for (let i = 0; i < SEQUENTIAL; i++) {
    const job = await tracker.prepare("sequential", panels[i % panels.length]!);
    await tracker.enqueue(job);
    await tracker.waitDone([job], 30_000, `sequential job ${i + 1}`);
    sequential.push(job);
    // Let the last events of this job settle so the next one starts on a quiet machine.
    await pause(50);
  }
  cpu.sequential.stop();
  log(`the engine alone, the same ${SEQUENTIAL} payloads one at a time`);
  const alone = await engineAlone.oneAtATime(sequential.map((j) => j.payload));

  // The pipeline rounds run back to back: sustained load, as a busy deployment sees it (a pause
  // would let collab-server's debounced document stores catch up, which real load does not allow).
  const rounds: TrackedJob[][] = [];
  cpu.throughput.start();
  for (let r = 0; r < ROUNDS; r++) {
    log(`throughput round ${r + 1}/${ROUNDS}: ${JOBS} jobs back to back, worker concurrency ${CONCURRENCY}`);
    rounds.push(await burst("throughput", JOBS, `throughput round ${r + 1}`, 120_000));
  }
  cpu.throughput.stop();
  log(`the engine alone, the same ${ROUNDS} rounds in ${CONCURRENCY} lanes`);
  const engineRounds: EngineRound[] = [];
  cpu.engineAlone.start();
  for (const round of rounds) {
    engineRounds.push(
      await engineAlone.round(
        round.map((j) => j.payload),
        CONCURRENCY,
      ),
    );
  }
  cpu.engineAlone.stop();
  const loadAfterPipeline = loadavg()[0]!;

  let paced: TrackedJob[] = [];
  if (PACED_JOBS > 0) {
    log(`paced: worker restarted with SKETCH_MIN_STEP_MS=${PACED_STEP_MS}; ${PACED_JOBS} jobs`);
    await stack.restartWorker({ SKETCH_MIN_STEP_MS: String(PACED_STEP_MS) });
    warm.push(...(await burst("warmup", 2, "warm-up jobs after the restart", 60_000)));
    cpu.paced.start();
    paced = await burst("paced", PACED_JOBS, "paced jobs", 120_000);
    cpu.paced.stop();
  }

  const reports = await collectReports(stack, tracker);
  const checks = await verify(stack, [...warm, ...sequential, ...rounds.flat(), ...paced]);
  log("stopping services; timing the scorer in this process");
  await stack.stopServices();
  const scoring = await scoringTime(alone.pictures);

  const perRound = rounds.map((round) => throughputReport(round, doneSeenAt));
  const pipelineJobsPerSecond = mean(perRound.map((t) => t.jobsPerSecond));
  const engineJobsPerSecond = mean(engineRounds.map((t) => t.jobsPerSecond));
  return {
    latency: {
      sequential: latencyReport(reports, ["sequential"]),
      underLoad: latencyReport(reports, ["throughput"]),
      paced: latencyReport(reports, ["paced"]),
      all: latencyReport(reports, ["sequential", "throughput", "paced"]),
    },
    overhead: {
      sequential: overheadReport(sequential, doneSeenAt),
      underLoad: overheadReport(rounds.flat(), doneSeenAt),
    },
    throughput: {
      pipeline: { jobsPerSecond: pipelineJobsPerSecond, rounds: perRound },
      engineAlone: { what: engineAlone.what, jobsPerSecond: engineJobsPerSecond, rounds: engineRounds },
      /** Pipeline jobs/s / engine-alone jobs/s: of the means, and the mean of each round's pair. */
      ratio: pipelineJobsPerSecond / engineJobsPerSecond,
      ratioPerRoundMean: mean(perRound.map((t, i) => t.jobsPerSecond / engineRounds[i]!.jobsPerSecond)),
    },
    engineAloneOneAtATime: alone.engine,
    scoringPerJob: scoring,
    checks,
    loadAverage1m: { start: loadAtStart, afterPipeline: loadAfterPipeline },
    cpuPerJob: cpuPerJob(cpu.throughput.use(), cpu.engineAlone.use(), ROUNDS * JOBS),
    cpu: {
      sequential: cpu.sequential.use(),
      throughput: cpu.throughput.use(),
      engineAlone: cpu.engineAlone.use(),
      paced: PACED_JOBS > 0 ? cpu.paced.use() : null,
    },
    samples: rawSamples(reports, originMs),
  };
}

/**
 * CPU time per job, which other work on the machine disturbs far less than wall time: the
 * pipeline's processes (worker, collab-server, and the bench process as api and clients; Postgres
 * and Redis are shared with other users of this machine and not counted) against the engine alone.
 */
function cpuPerJob(pipeline: CpuUse, alone: CpuUse, jobs: number) {
  const pipelineMs =
    pipeline.workerS === null || pipeline.collabServerS === null
      ? null
      : ((pipeline.workerS + pipeline.collabServerS + pipeline.benchProcessS) * 1_000) / jobs;
  const engineAloneMs = (alone.benchProcessS * 1_000) / jobs;
  return {
    pipelineMs,
    workerMs: pipeline.workerS === null ? null : (pipeline.workerS * 1_000) / jobs,
    engineAloneMs,
    ratio: pipelineMs === null ? null : pipelineMs / engineAloneMs,
  };
}

/** The pipeline did what it should: every job completed once, credits committed once, no auto-regeneration. */
async function verify(stack: BenchStack, jobs: TrackedJob[]) {
  const ids = jobs.map((j) => j.payload.generationId);
  const reservations = jobs.map((j) => j.payload.reservationId!);
  const [row] = await stack.db.sql<{ completed: number; auto: number; commits: number }[]>`
    select (select count(*)::int from generations where id = any(${ids}) and status = 'completed') as completed,
           (select count(*)::int from generations where auto_regenerated) as auto,
           (select count(*)::int from credit_transactions
             where reservation_id = any(${reservations}) and type = 'commit') as commits`;
  const checks = {
    jobs: jobs.length,
    completed: row!.completed,
    committed: row!.commits,
    autoRegenerations: row!.auto,
  };
  if (checks.completed !== jobs.length || checks.committed !== jobs.length) {
    throw new Error(`pipeline check failed: ${JSON.stringify(checks)}`);
  }
  return checks;
}

async function main(): Promise<number> {
  const started = Date.now();
  // Jobs of one burst need panels of their own: a newer request on a panel hides an older one.
  const pages = Math.ceil(Math.max(JOBS, PACED_JOBS, WARMUP) / PANELS_PER_PAGE);
  log(`starting collab-server and worker (${pages} pages of ${PANELS_PER_PAGE} panels)`);
  const state = {
    stack: null as BenchStack | null,
    teardown: null as TeardownReport | null,
    failed: false,
    signalled: false,
    cleaning: null as Promise<void> | null,
  };
  const setup = setUpStack({ pages, workerConcurrency: CONCURRENCY, timeoutMs: 60_000, env: SERVICE_ENV });
  setup.then(
    (s) => {
      state.stack = s;
    },
    () => {},
  );
  /** Tears everything down once (a failed setup has cleaned up after itself); later calls share it. */
  const cleanUp = () => {
    // Logs are kept for a failure, not for an interrupted run; decided when the cleanup starts.
    const keepLogs = state.failed;
    state.cleaning ??= (async () => {
      const s = await setup.catch(() => null);
      if (s) state.teardown = await s.teardown({ keepLogs });
      if (state.teardown?.errors.length) {
        console.error(`[bench] cleanup problems: ${state.teardown.errors.join("; ")}`);
      }
    })();
    return state.cleaning;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    // A listener stays registered, so a repeated signal cannot end the process mid-cleanup.
    if (state.signalled) return console.error(`[bench] ${signal} again: still cleaning up`);
    state.signalled = true;
    console.error(`[bench] ${signal}: cleaning up`);
    void cleanUp()
      .catch((e: unknown) => console.error(`[bench] cleanup failed: ${String(e)}`))
      .finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the benchmark ran past BENCH_TIMEOUT_MS=${TIMEOUT_MS}`)),
      TIMEOUT_MS,
    );
  });
  try {
    const run = setup.then((stack) => {
      log(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s (prefix ${stack.prefix})`);
      return measure(stack);
    });
    // After a timeout or a signal the run is abandoned; its later rejection is expected.
    run.catch(() => {});
    const figures = await Promise.race([run, timeout]);
    await cleanUp();
    const result: Result = {
      benchmark: "generation",
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
      config: {
        size: `${WIDTH}x${HEIGHT}`,
        variations: 4,
        engine: "sketch",
        workerConcurrency: CONCURRENCY,
        sequentialJobs: SEQUENTIAL,
        throughputJobs: JOBS,
        throughputRounds: ROUNDS,
        pacedJobs: PACED_JOBS,
        pacedStepMs: PACED_STEP_MS,
        warmupJobs: WARMUP,
        progressThrottleMs: PROGRESS_THROTTLE_MS,
        serviceEnv: SERVICE_ENV,
      },
      ...figures,
      teardown: state.teardown!,
      runtimeS: (Date.now() - started) / 1000,
    };
    printReport(result);
    const dir = new URL("../results/", import.meta.url);
    await mkdir(dir, { recursive: true });
    const file = new URL(`generation-${result.at.replace(/[:.]/g, "-")}.json`, dir);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nWrote ${file.pathname}`);
    return 0;
  } catch (error) {
    state.failed = true;
    if (state.signalled) {
      // The signal handler finishes the cleanup and exits.
      await cleanUp().catch(() => {});
      return 130;
    }
    console.error(`\n[bench] FAILED: ${(error as Error).stack ?? String(error)}`);
    const s = state.stack;
    if (s) console.error(await logTails(s.logDir));
    await cleanUp().catch((e: unknown) => console.error(`[bench] cleanup failed: ${String(e)}`));
    if (s) console.error(`[bench] service logs kept in ${s.logDir}`);
    return 1;
  } finally {
    clearTimeout(timer);
  }
}

// Exit explicitly: a provider or connection that failed to close must not keep the run alive.
process.exit(await main());
