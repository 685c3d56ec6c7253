/**
 * Watches TimescaleDB's background jobs (refresh, compression, retention). A job whose last run failed,
 * or that is long past its due time without running, is logged once with its error, counted in /metrics
 * and reported by /readyz. Series stay correct without the jobs (raw rows are read where a rollup is not
 * settled), only slower, so this degrades readiness rather than failing it.
 */
import type { Logger } from 'pino';
import type { Queryable } from './db';

export interface JobProblem {
  jobId: number;
  /** The job's application name, e.g. "Refresh Continuous Aggregate Policy [1000]". */
  job: string;
  proc: string;
  /** The hypertable or continuous aggregate the job works on, if any. */
  target: string | null;
  state: 'failing' | 'stalled';
  /** The last error TimescaleDB recorded for the job, or why it counts as stalled. */
  error: string;
}

export interface TimescaleJobsOptions {
  intervalMs: number;
  /** How long past its due time a job that has not run counts as stalled. */
  stallMs: number;
  onChecked?(problems: readonly JobProblem[], jobs: number): void;
}

interface JobRow {
  job_id: number;
  application_name: string;
  proc_name: string;
  target: string | null;
  interval_ms: number;
  running: boolean;
  last_run_status: string | null;
  next_start: Date | null;
  error: string | null;
  now: Date;
}

export class TimescaleJobs {
  private timer: NodeJS.Timeout | undefined;
  private current: JobProblem[] = [];
  /** When each job was first seen without a due time of its own (never scheduled by TimescaleDB). */
  private readonly firstSeen = new Map<number, number>();
  private checking: Promise<void> | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly log: Logger,
    private readonly opts: TimescaleJobsOptions,
  ) {}

  /** Checks once, then every interval; a failed check is logged and tried again at the next one. */
  async start(): Promise<void> {
    await this.checkRollups();
    await this.check();
    this.timer = setInterval(() => void this.check(), this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.checking;
  }

  /** A TimescaleDB whose catalogue migration 009 does not know: series come from raw rows; say so once. */
  private async checkRollups(): Promise<void> {
    try {
      const views = await this.db.query<{ name: string }>(
        `SELECT format('%I.%I', view_schema, view_name) AS name FROM timescaledb_information.continuous_aggregates ORDER BY 1`,
      );
      for (const { name } of views.rows) {
        try {
          await this.db.query(`SELECT cityops_rollup_unsettled($1::regclass, true)`, [name]);
        } catch (err) {
          this.log.warn({ err, rollup: name }, `the rollup ${name} cannot be checked on this TimescaleDB version (${(err as Error).message}): its series are read from raw rows, correct but slower`);
        }
      }
    } catch (err) {
      this.log.warn({ err }, 'could not list the TimescaleDB continuous aggregates');
    }
  }

  problems(): readonly JobProblem[] {
    return this.current;
  }

  check(): Promise<void> {
    this.checking ??= this.run().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async run(): Promise<void> {
    let rows: JobRow[];
    try {
      rows = (
        await this.db.query<JobRow>(
          `SELECT j.job_id, j.application_name, j.proc_name,
                  nullif(concat_ws('.', j.hypertable_schema, j.hypertable_name), '') AS target,
                  (extract(epoch FROM j.schedule_interval) * 1000)::float8 AS interval_ms,
                  coalesce(s.job_status = 'Running', false) AS running,
                  s.last_run_status,
                  CASE WHEN s.next_start > '-infinity' AND s.next_start < 'infinity' THEN s.next_start END AS next_start,
                  (SELECT e.err_message FROM timescaledb_information.job_errors e
                   WHERE e.job_id = j.job_id ORDER BY e.start_time DESC NULLS LAST LIMIT 1) AS error,
                  now() AS now
           FROM timescaledb_information.jobs j
           LEFT JOIN timescaledb_information.job_stats s ON s.job_id = j.job_id
           WHERE j.scheduled
           ORDER BY j.job_id`,
        )
      ).rows;
    } catch (err) {
      this.log.warn({ err }, 'could not read the TimescaleDB job statistics');
      return;
    }
    const problems: JobProblem[] = [];
    for (const r of rows) {
      const now = new Date(r.now).getTime();
      const base = { jobId: Number(r.job_id), job: r.application_name, proc: r.proc_name, target: r.target };
      if (r.last_run_status === 'Failed') {
        problems.push({ ...base, state: 'failing', error: r.error ?? 'the last run failed (no error recorded)' });
        continue;
      }
      if (r.running) continue;
      let due: number;
      if (r.next_start) {
        due = new Date(r.next_start).getTime();
        this.firstSeen.delete(base.jobId);
      } else {
        due = this.firstSeen.get(base.jobId) ?? now;
        this.firstSeen.set(base.jobId, due);
        due += Number(r.interval_ms);
      }
      if (now - due > this.opts.stallMs) {
        const minutes = Math.round((now - due) / 60_000);
        problems.push({ ...base, state: 'stalled', error: `not run for ${minutes} min past its due time: is the TimescaleDB scheduler running?` });
      }
    }
    this.report(problems);
    this.opts.onChecked?.(problems, rows.length);
  }

  /** Logs what changed since the last check: each new or changed problem once, and each recovery. */
  private report(problems: JobProblem[]): void {
    const before = new Map(this.current.map((p) => [p.jobId, p]));
    for (const p of problems) {
      const was = before.get(p.jobId);
      if (was && was.state === p.state && was.error === p.error) continue;
      this.log.warn(
        { jobId: p.jobId, job: p.job, proc: p.proc, target: p.target, state: p.state, error: p.error },
        `TimescaleDB job "${p.job}"${p.target ? ` on ${p.target}` : ''} is ${p.state}: ${p.error}. Series stay correct but are read from raw rows where the rollups lag (slower)`,
      );
    }
    const now = new Set(problems.map((p) => p.jobId));
    for (const p of this.current) {
      if (!now.has(p.jobId)) this.log.info({ jobId: p.jobId, job: p.job }, `TimescaleDB job "${p.job}" runs again`);
    }
    this.current = problems;
  }
}
