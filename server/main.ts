/**
 * The composition root: reads config, opens storage, builds the modules, listens, and owns shutdown.
 * `startServer` is also what the tests and the benchmark start, with their own config and database.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import express from 'express';
import type { Logger } from 'pino';
import { Catalog } from './catalog/catalog';
import { savePack } from './catalog/catalog.repo';
import { readPack } from './catalog/pack';
import { runCommand } from './cli/commands';
import { loadConfig, type Config } from './config';
import { startControlServer } from './control/control';
import { adminRoutes } from './admin/admin.routes';
import { authMiddleware, ipOf, principalFromCookies, principalOf } from './auth/auth.middleware';
import { audit } from './audit/audit.repo';
import { RefusalAudit } from './audit/refusals';
import { authRoutes } from './auth/auth.routes';
import { loginThrottle } from './auth/login-throttle';
import { actorOf } from './auth/principal';
import { ensureDemoUsers } from './auth/users.service';
import { reportRoutes } from './report/report.routes';
import { CSV_MAX_BYTES, csvRoutes } from './report/csv.routes';
import { publishScorecard } from './report/report.service';
import type { Db } from './db/db';
import { migrate } from './db/migrate';
import { describeDb, openDb } from './db/open';
import { TimescaleJobs } from './db/timescale-jobs';
import { errorHandler, notFound } from './http/errors';
import { answerClientErrors, edgeGuards, serverOptions } from './http/server-limits';
import { auditRefusals } from './http/refusals';
import { ingestRoutes } from './ingest/ingest.routes';
import { IngestService } from './ingest/ingest.service';
import { Derivation } from './ingest/derivation';
import { KeyCache } from './keys/key-cache';
import { keyQuotas } from './limits/quota';
import { createLogger } from './log';
import { planRoutes } from './plan/plan.routes';
import { healthRoutes } from './ops/health.routes';
import { createMetrics } from './ops/metrics';
import { readingsRoutes } from './readings/readings.routes';
import { attachAdapter } from './realtime/adapter';
import { Broadcaster } from './realtime/broadcaster';
import { createLiveServer, type LiveServer } from './realtime/socket';
import { simulatorKeys } from './simulate/keys';
import { wallRoutes } from './wall/wall.routes';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLIENT_DIR = path.join(ROOT, 'dist', 'client');

export interface RunningServer {
  url: string;
  config: Config;
  db: Db;
  catalog: Catalog;
  broadcaster: Broadcaster;
  derivation: Derivation;
  ingest: IngestService;
  io: LiveServer;
  refusals: RefusalAudit;
  http: HttpServer;
  log: Logger;
  close(): Promise<void>;
}

export interface StartOptions {
  /** An already opened database (tests pass PGlite with TimescaleDB, or a fresh PostgreSQL). */
  db?: Db;
  log?: Logger;
  /** Serve the Vite dev server instead of the built client. */
  dev?: boolean;
}

/** Opens storage, migrates, loads the region pack into it, and returns the catalogue. */
export async function prepareStorage(config: Config, log: Logger, db?: Db): Promise<{ db: Db; catalog: Catalog }> {
  const pack = await readPack(config.packFile);
  const opened = db ?? (await openDb(config, { log }));
  const { applied, timescale } = await migrate(opened);
  await savePack(opened, pack);
  log.info(
    { database: describeDb(opened, config), timescale, migrationsApplied: applied, pack: pack.id },
    timescale
      ? 'storage ready: TimescaleDB on (hypertable, continuous aggregates, compression, retention)'
      : 'storage ready: plain PostgreSQL (no TimescaleDB; same results from ordinary queries)',
  );
  return { db: opened, catalog: new Catalog(pack) };
}

function readBuildId(config: Config): string {
  if (config.BUILD_ID) return config.BUILD_ID;
  const file = path.join(CLIENT_DIR, 'build-id.txt');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : 'dev';
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const { db, catalog } = await prepareStorage(config, log, opts.db);
  const metrics = createMetrics();
  const timescaleJobs = db.timescale
    ? new TimescaleJobs(db, log.child({ module: 'timescale-jobs' }), {
        intervalMs: config.TIMESCALE_JOBS_CHECK_MS,
        stallMs: config.TIMESCALE_JOBS_STALL_MS,
        onChecked: (problems) => {
          metrics.timescaleJobsUnhealthy.set(problems.length);
          metrics.timescaleJobProblem.reset();
          for (const p of problems) metrics.timescaleJobProblem.set({ job: p.job, state: p.state }, 1);
        },
      })
    : undefined;
  await timescaleJobs?.start();
  const build = readBuildId(config);
  let shuttingDown = false;

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const http = createServer(serverOptions(config), app);
  answerClientErrors(http, log);

  // The socket server announces the broadcaster's position; the broadcaster sends through the socket
  // server. Neither calls the other before both exist (the first call comes with the first connection).
  const io: LiveServer = createLiveServer(http, {
    allowedOrigins: config.ALLOWED_ORIGINS,
    build,
    log,
    position: () => ({ origin: broadcaster.origin, seq: broadcaster.seq }),
    onConnectionCount: (n) => metrics.socketsConnected.set(n),
    identify: async (headers) => {
      const p = await principalFromCookies(db, headers);
      return p.kind === 'user' ? { actor: actorOf(p), role: p.user.role, unit: p.user.unit } : { actor: 'anonymous', role: null, unit: null };
    },
  });
  const broadcaster = new Broadcaster({
    tickMs: config.LIVE_TICK_MS,
    categoryOf: (key) => catalog.indicators.get(key)?.category,
    emit: (room, batch) => io.to(room).emit('live:batch:v1', batch),
    onFlushed: (lags) => {
      for (const l of lags) metrics.broadcastLagSeconds.observe(l);
    },
  });
  const closeAdapter = await attachAdapter(io, config, log);

  const derivation = new Derivation(
    db,
    catalog,
    log.child({ module: 'derivation' }),
    (points) => broadcaster.publish(points),
    {
      intervalMs: config.DERIVE_INTERVAL_MS ?? config.LIVE_TICK_MS,
      onBusy: (busy) => metrics.derivationBusy.set(busy ? 1 : 0),
      onPass: (seconds) => metrics.derivationPassSeconds.observe(seconds),
      // PGlite is one thread, and its connection one: a second transaction would wait for the first.
      split: db.driver === 'pg' && config.DATABASE_POOL_SIZE >= 2,
    },
  );
  const ingest = new IngestService({
    db,
    catalog,
    derivation,
    onCommitted: (points, discrepancies) => broadcaster.publish(points, discrepancies),
  });
  // Parents queued before a crash are recomputed now.
  await derivation.idle();
  const livePosition = () => ({ origin: broadcaster.origin, seq: broadcaster.seq });

  app.use(edgeGuards({ maxBodyBytes: Math.max(config.MAX_BODY_BYTES, CSV_MAX_BYTES) }));
  let inFlight = 0;
  app.use((_req, res, next) => {
    inFlight++;
    res.once('close', () => inFlight--);
    if (shuttingDown) res.set('Connection', 'close');
    next();
  });
  app.use(healthRoutes({ db, metrics, isShuttingDown: () => shuttingDown, timescaleJobs: () => timescaleJobs?.problems() ?? [] }));
  const keys = new KeyCache(db, log.child({ module: 'keys' }));
  await keys.start();
  const auth = authMiddleware({ db, catalog, keys, allowedOrigins: config.ALLOWED_ORIGINS });
  const refusals = new RefusalAudit(db, log.child({ module: 'audit' }));
  refusals.start();
  const quota = await keyQuotas(db, catalog, { perMinute: config.KEY_REQUESTS_PER_MINUTE, windowMs: config.KEY_QUOTA_WINDOW_MS, store: config.KEY_QUOTA_STORE });
  app.use('/api', auth.authenticate, quota, auth.csrf);
  app.use(authRoutes({ db, throttle: await loginThrottle(db, config.SIGNIN_FAILURES_PER_ADDRESS), secureCookies: config.SECURE_COOKIES }));
  app.use(adminRoutes({ db, catalog, keys, requireAdmin: auth.requireRole('admin') }));
  app.use(reportRoutes({ db, catalog }));
  app.use(csvRoutes({ catalog, ingest }));
  app.use(ingestRoutes({ catalog, ingest, metrics, maxBodyBytes: config.MAX_BODY_BYTES }));
  app.use(readingsRoutes({ db, catalog, livePosition }));
  app.use(
    planRoutes({
      db,
      catalog,
      log,
      requireAdmin: auth.requireRole('admin'),
      actorOf: (_req, res) => actorOf(principalOf(res)),
      // Targets and the roadmap are configuration: every change goes into the audit log.
      onChanged: (change, req, res) =>
        audit(db, {
          actor: actorOf(principalOf(res)),
          action: change.kind === 'target' ? 'target.set' : 'roadmap.update',
          target: change.kind === 'task' ? change.id : targetName(change.target ?? change.previous),
          outcome: 'ok',
          ip: ipOf(req),
          detail: change,
        }),
    }),
  );
  app.use(wallRoutes({ config, catalog, log }));
  app.use('/api', notFound);
  const closeClient = await serveClient(app, http, opts.dev === true);
  app.use(notFound);
  app.use(errorHandler(log, auditRefusals(refusals)));

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.PORT, config.HOST, resolve);
  });
  broadcaster.start();
  const port = (http.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const control =
    db.driver === 'pglite'
      ? await startControlServer(path.join(config.dataDir, 'cityops.sock'), ({ argv, files }) =>
          runCommand(
            {
              db,
              catalog,
              readFile: async (p) => {
                const content = files[p];
                if (content === undefined) throw new Error(`file ${p} was not sent`);
                return content;
              },
            },
            argv,
          ),
        )
      : undefined;

  // The reporting scorecard is itself an indicator: recomputed at start and every hour.
  const publishCard = () =>
    publishScorecard(db, catalog, ingest).catch((err) => log.error({ err }, 'publishing the reporting scorecard failed'));
  await publishCard();
  const scorecardTimer = setInterval(publishCard, 3_600_000);
  scorecardTimer.unref();

  if (config.DEMO_USERS ?? config.SIMULATE) {
    const accounts = await ensureDemoUsers(db, catalog);
    log.info({ accounts: accounts.length }, 'demo accounts (new passwords at every start): see below');
    printDemoAccounts(accounts, port);
  }

  const simulator = config.SIMULATE
    ? (await import('./simulate/simulator')).startSimulator({
        baseUrl: url,
        catalog,
        keys: await simulatorKeys(db, catalog),
        intervalMs: config.SIMULATE_INTERVAL_MS,
        log: log.child({ module: 'simulator' }),
      })
    : undefined;

  log.info({ url: `http://localhost:${port}`, build, tickMs: config.LIVE_TICK_MS, adapter: config.LIVE_ADAPTER }, 'CityOps is listening');

  const close = async () => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info('shutting down: no new requests, finishing those in flight');
    await simulator?.stop();
    clearInterval(scorecardTimer);
    const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeIdleConnections();
    const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_MS;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await derivation.idle();
    await derivation.stop();
    broadcaster.flush();
    broadcaster.stop();
    io.disconnectSockets(true);
    await new Promise<void>((resolve) => io.close(() => resolve()));
    http.closeAllConnections();
    await httpClosed;
    await closeAdapter();
    await closeClient();
    await control?.close();
    await keys.stop();
    await timescaleJobs?.stop();
    await refusals.stop();
    await db.close();
    log.info('stopped');
  };

  return { url, config, db, catalog, broadcaster, derivation, ingest, io, refusals, http, log, close };
}

const targetName = (t: { indicator: string; area: string } | null) => (t ? `${t.indicator}@${t.area}` : null);

/** Demo accounts go to the terminal, not the JSON log: a person reads them once to sign in. */
function printDemoAccounts(accounts: { username: string; role: string; password: string }[], port: number): void {
  const lines = accounts.map((a) => `  ${a.username.padEnd(16)} ${a.role.padEnd(9)} ${a.password}`);
  process.stderr.write(
    `\nDemo accounts for http://localhost:${port}/login (passwords change at every start):\n${lines.join('\n')}\n\n`,
  );
}

/** The built client, or Vite's dev server; pages are client-side routes and all get index.html. */
async function serveClient(app: express.Express, http: HttpServer, dev: boolean): Promise<() => Promise<void>> {
  if (dev) {
    const { createServer: createVite } = await import('vite');
    const vite = await createVite({ server: { middlewareMode: true, hmr: { server: http } }, appType: 'spa' });
    app.use(vite.middlewares);
    return () => vite.close();
  }
  const index = path.join(CLIENT_DIR, 'index.html');
  app.use(express.static(CLIENT_DIR, { index: false, maxAge: '1h', setHeaders: noCacheHtml }));
  app.get(/^\/(?!api\/|socket\.io\/|healthz|readyz|metrics).*/, (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text').send('The web client is not built. Run "npm run build" (npm start does it for you).');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return async () => {};
}

function noCacheHtml(res: express.Response, file: string): void {
  if (file.endsWith('.html') || file.endsWith('build-id.txt')) res.set('Cache-Control', 'no-cache');
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const log = createLogger(config.LOG_LEVEL);
  let server: RunningServer;
  try {
    server = await startServer(config, { log, dev: process.argv.includes('--dev') });
  } catch (err) {
    log.fatal({ err }, `CityOps could not start: ${(err as Error).message}`);
    process.exit(1);
  }
  const stop = (signal: string) => {
    log.info({ signal }, 'signal received');
    const force = setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS + 5000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void main();
}
