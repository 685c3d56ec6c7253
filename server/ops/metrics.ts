/** Prometheus metrics, one registry per server so that tests and several in-process servers do not collide. */
import client from 'prom-client';

export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    pointsIngested: new client.Counter({
      name: 'cityops_points_ingested_total',
      help: 'Observations accepted through the ingest API',
      registers: [registry],
    }),
    batchesRejected: new client.Counter({
      name: 'cityops_batches_rejected_total',
      help: 'Ingest batches refused, by reason',
      labelNames: ['code'],
      registers: [registry],
    }),
    batchSeconds: new client.Histogram({
      name: 'cityops_ingest_batch_seconds',
      help: 'Time from receiving an ingest batch to its commit',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    socketsConnected: new client.Gauge({
      name: 'cityops_sockets_connected',
      help: 'Live-feed sockets connected to this instance',
      registers: [registry],
    }),
    derivationBusy: new client.Gauge({
      name: 'cityops_derivation_busy',
      help: '1 while parent areas are being recomputed or wait to be, 0 when all are up to date',
      registers: [registry],
    }),
    derivationPassSeconds: new client.Histogram({
      name: 'cityops_derivation_pass_seconds',
      help: 'Time one pass takes to recompute the parent areas of what was queued',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    broadcastLagSeconds: new client.Histogram({
      name: 'cityops_broadcast_lag_seconds',
      help: 'Time a change waits between commit and being sent to the live feed',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2],
      registers: [registry],
    }),
    timescaleJobsUnhealthy: new client.Gauge({
      name: 'cityops_timescale_jobs_unhealthy',
      help: 'TimescaleDB background jobs (refresh, compression, retention) whose last run failed or that are long overdue; 0 without TimescaleDB',
      registers: [registry],
    }),
    timescaleJobProblem: new client.Gauge({
      name: 'cityops_timescale_job_problem',
      help: '1 for each TimescaleDB background job that is failing or stalled, by job name and state',
      labelNames: ['job', 'state'],
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
