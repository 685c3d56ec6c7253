/**
 * A TimescaleDB job that fails or never runs is noticed: a warning naming the job and its error, a
 * /metrics gauge, and /readyz answering 200 "degraded" with the job named. The PGlite build has no
 * background scheduler, so a failed run is written into the job statistics as TimescaleDB's scheduler
 * writes it, with the error the issue reports from PostgreSQL 15; a job that never runs is real here.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { startServer, type RunningServer } from '../../server/main';
import { writeMiniPack } from '../fixtures/mini-pack';
import { openTestDb } from './harness';

const PORTAL_ERROR = 'cannot drop portal "" while it is being set up';

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('TimescaleDB job health', () => {
  const lines: Array<Record<string, unknown>> = [];
  let server: RunningServer;
  const get = async (p: string) => {
    const res = await fetch(`${server.url}${p}`);
    return { status: res.status, text: await res.text() };
  };
  const ready = async () => {
    const r = await get('/readyz');
    return { status: r.status, body: JSON.parse(r.text) as { status: string; timescaleJobs?: Array<{ job: string; state: string; error: string }> } };
  };

  beforeAll(async () => {
    const { db } = await openTestDb('timescale');
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cityops-it-')),
      REGION_PACK: writeMiniPack(),
      SIMULATE: 'false',
      BUILD_ID: 'test',
      TIMESCALE_JOBS_CHECK_MS: '100',
      TIMESCALE_JOBS_STALL_MS: '0',
    });
    server = await startServer(config, { db, log: pino({ level: 'info' }, sink) });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('is ready while the jobs are healthy', async () => {
    expect(await ready()).toMatchObject({ status: 200, body: { status: 'ready', timescale: true } });
    expect((await get('/metrics')).text).toMatch(/^cityops_timescale_jobs_unhealthy 0$/m);
  });

  it('a failing job: warned with its error, counted, and /readyz degraded but 200', async () => {
    const job = await server.db.query<{ job_id: number; application_name: string }>(
      `SELECT job_id, application_name FROM timescaledb_information.jobs WHERE hypertable_name = 'observations_daily' AND proc_name = 'policy_refresh_continuous_aggregate'`,
    );
    const { job_id: id, application_name: name } = job.rows[0]!;
    // What the scheduler records after a failed run.
    await server.db.query(
      `INSERT INTO _timescaledb_internal.bgw_job_stat (job_id, last_start, last_finish, next_start, last_successful_finish, last_run_success,
         total_runs, total_duration, total_duration_failures, total_successes, total_failures, total_crashes, consecutive_failures, consecutive_crashes, flags)
       VALUES ($1, now() - interval '1 second', now(), now() + interval '5 minutes', '-infinity', false, 1, '1 second', '1 second', 0, 1, 0, 1, 0, 0)`,
      [id],
    );
    await server.db.query(
      `INSERT INTO _timescaledb_internal.bgw_job_stat_history (job_id, pid, execution_start, execution_finish, succeeded, data)
       VALUES ($1, 4242, now() - interval '1 second', now(), false,
               jsonb_build_object('job', jsonb_build_object('proc_schema', '_timescaledb_functions', 'proc_name', 'policy_refresh_continuous_aggregate'),
                                  'error_data', jsonb_build_object('message', $2::text, 'sqlerrcode', 'XX000')))`,
      [id, PORTAL_ERROR],
    );

    const degraded = await until('/readyz to report the job', async () => {
      const r = await ready();
      return r.body.status === 'degraded' ? r : undefined;
    });
    expect(degraded.status).toBe(200);
    expect(degraded.body.timescaleJobs).toEqual([expect.objectContaining({ job: name, state: 'failing', error: PORTAL_ERROR })]);
    const metrics = (await get('/metrics')).text;
    expect(metrics).toMatch(/^cityops_timescale_jobs_unhealthy 1$/m);
    expect(metrics).toContain(`cityops_timescale_job_problem{job="${name}",state="failing"} 1`);
    const warnings = lines.filter((l) => l.level === 40 && l.job === name);
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]!.msg)).toContain(PORTAL_ERROR);

    // The next run succeeds: ready again, the gauge back to 0, and said once in the log.
    await server.db.query(`UPDATE _timescaledb_internal.bgw_job_stat SET last_run_success = true, last_successful_finish = now(), last_finish = now() WHERE job_id = $1`, [id]);
    await until('/readyz to be ready again', async () => ((await ready()).body.status === 'ready' ? true : undefined));
    expect((await get('/metrics')).text).toMatch(/^cityops_timescale_jobs_unhealthy 0$/m);
    expect(lines.filter((l) => l.job === name && String(l.msg).includes('runs again'))).toHaveLength(1);
    expect(lines.filter((l) => l.level === 40 && l.job === name)).toHaveLength(1);
  }, 120_000);

  it('a job that never runs is reported stalled', async () => {
    // A job of our own that raises; this build has no scheduler, so it is never run and falls due.
    await server.db.query(`CREATE PROCEDURE cityops_test_failing_job(job_id int, config jsonb) LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'deliberate failure'; END $$`);
    const added = await server.db.query<{ id: number }>(`SELECT add_job('cityops_test_failing_job', INTERVAL '1 second') AS id`);
    await expect(server.db.query(`CALL run_job(${Number(added.rows[0]!.id)})`)).rejects.toThrow(/deliberate failure/);
    const stalled = await until('/readyz to report the stalled job', async () => {
      const r = await ready();
      return r.body.timescaleJobs?.find((j) => j.state === 'stalled');
    });
    expect(stalled.job).toMatch(/^User-Defined Action \[\d+\]$/);
    expect(stalled.error).toMatch(/scheduler/);
    expect((await get('/metrics')).text).toContain(`cityops_timescale_job_problem{job="${stalled.job}",state="stalled"} 1`);
    expect(lines.some((l) => l.level === 40 && l.job === stalled.job && l.state === 'stalled')).toBe(true);
  }, 120_000);
});
