/**
 * CPU time spent by each part of a run, read from /proc (Linux): the PostgreSQL server's processes, the
 * CityOps server, this load generator, and the kernel's workers (disk write-back, networking). On two cores
 * shared by all of them, this says where a batch's time goes, not only how long it took.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type CpuPart = 'postgres' | 'server' | 'bench' | 'kernel';

const TICKS_PER_SECOND = 100;

/** CPU seconds used so far by each part; `serverPid` is the CityOps server under test, if any. */
export function cpuSeconds(serverPid?: number): Record<CpuPart, number> {
  const out: Record<CpuPart, number> = { postgres: 0, server: 0, bench: 0, kernel: 0 };
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out; // not Linux: nothing to say
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // Fields after the name: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    const part: CpuPart | undefined =
      name === 'postgres' ? 'postgres'
      : Number(pid) === serverPid ? 'server'
      : Number(pid) === process.pid ? 'bench'
      : name.startsWith('kworker') || name.startsWith('ksoftirqd') ? 'kernel'
      : undefined;
    if (part) out[part] += seconds;
  }
  return out;
}

export function cpuSince(before: Record<CpuPart, number>, serverPid?: number): Record<CpuPart, number> {
  const now = cpuSeconds(serverPid);
  return {
    postgres: now.postgres - before.postgres,
    server: now.server - before.server,
    bench: now.bench - before.bench,
    kernel: now.kernel - before.kernel,
  };
}

/** "postgres 1.2 s · server 0.8 s · …": the parts that used any time. */
export function describeCpu(cpu: Record<CpuPart, number>, points: number): string {
  const parts = (Object.entries(cpu) as [CpuPart, number][]).filter(([, s]) => s > 0);
  const total = parts.reduce((a, [, s]) => a + s, 0);
  return (
    parts.map(([k, s]) => `${k} ${s.toFixed(2)} s`).join(' · ') +
    ` — ${((total * 1e6) / points).toFixed(1)} µs of CPU per point`
  );
}
