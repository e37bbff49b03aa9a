import { readFileSync } from "node:fs";

/** Linux clock ticks per second for /proc times (USER_HZ; 100 on every mainstream kernel). */
const TICKS_PER_S = 100;

/** CPU time (user + system, ms) a process has used so far; null when it is gone or not Linux. */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1_000) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/** Busy and total CPU time of the whole machine so far (ms, summed over cores). */
function machineCpuMs(): { busy: number; total: number } | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    const total = ticks.slice(0, 8).reduce((s, v) => s + v, 0);
    return { busy: ((total - idle) * 1_000) / TICKS_PER_S, total: (total * 1_000) / TICKS_PER_S };
  } catch {
    return null;
  }
}

/** Where the CPU went while a meter ran, in core-seconds, and how busy the machine was. */
export interface CpuUse {
  wallS: number;
  workerS: number | null;
  collabServerS: number | null;
  benchProcessS: number;
  /** All cores together: busy time / available time. */
  machineBusy: number | null;
  /** Busy time not used by the three processes above: Postgres, Redis, and anything else running here. */
  everythingElseS: number | null;
}

/** Cumulative readings in ms; null where one could not be read. */
type Reading = Record<"wall" | "worker" | "collab" | "bench" | "busy" | "total", number | null>;

function read(pids: { worker?: number; collab?: number }): Reading {
  const u = process.cpuUsage();
  const machine = machineCpuMs();
  return {
    wall: performance.now(),
    worker: processCpuMs(pids.worker),
    collab: processCpuMs(pids.collab),
    bench: (u.user + u.system) / 1_000,
    busy: machine?.busy ?? null,
    total: machine?.total ?? null,
  };
}

const keys = ["wall", "worker", "collab", "bench", "busy", "total"] as const;

/** Adds up CPU use over one or more start/stop intervals (ms inside). */
export class CpuMeter {
  private readonly sum: Reading = { wall: 0, worker: 0, collab: 0, bench: 0, busy: 0, total: 0 };
  private started: Reading | null = null;

  constructor(private readonly pids: () => { worker?: number; collab?: number }) {}

  start(): void {
    this.started = read(this.pids());
  }

  stop(): void {
    const a = this.started;
    if (!a) return;
    const b = read(this.pids());
    for (const k of keys) {
      const [x, y, acc] = [a[k], b[k], this.sum[k]];
      this.sum[k] = x === null || y === null || acc === null ? null : acc + (y - x);
    }
    this.started = null;
  }

  use(): CpuUse {
    const s = this.sum;
    const sec = (ms: number | null) => (ms === null ? null : Math.round(ms) / 1_000);
    return {
      wallS: sec(s.wall) ?? 0,
      workerS: sec(s.worker),
      collabServerS: sec(s.collab),
      benchProcessS: sec(s.bench) ?? 0,
      machineBusy: s.busy !== null && s.total ? Math.round((s.busy / s.total) * 100) / 100 : null,
      everythingElseS:
        s.busy !== null && s.worker !== null && s.collab !== null && s.bench !== null
          ? sec(s.busy - s.worker - s.collab - s.bench)
          : null,
    };
  }
}
