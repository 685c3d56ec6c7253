/** The environment, read and checked once at start-up; every other module receives this frozen object. */
import path from 'node:path';
import { z } from 'zod';

/** Also the PostgreSQL driver's defaults when a test opens it without a config. */
export const DB_TIMEOUT_DEFAULTS = Object.freeze({ connectMs: 2000, statementMs: 30_000 });

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Longest wait for a PostgreSQL connection (a new one, or a free one of the pool) before the request gets 503. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(DB_TIMEOUT_DEFAULTS.connectMs),
  /** PostgreSQL cancels a statement running longer than this (0: never); the request gets 503. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(DB_TIMEOUT_DEFAULTS.statementMs),
  REGION_PACK: z.string().default('packs/long-an.json'),
  LIVE_TICK_MS: z.coerce.number().int().min(10).max(10_000).default(250),
  /** Least time between two recomputations of parent areas; the live tick when unset. */
  DERIVE_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).optional(),
  LIVE_ADAPTER: z.enum(['none', 'redis', 'postgres']).default('none'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean)),
  SIMULATE: bool.default(true),
  SIMULATE_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  /** Create the demo accounts (an admin, an operator, a leader, a reporter per unit); defaults to SIMULATE. */
  DEMO_USERS: bool.optional(),
  /** Mark the session cookie Secure (set when CityOps is served over HTTPS, directly or behind a proxy). */
  SECURE_COOKIES: bool.default(false),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 * 1024),
  /** Time a client has to send its request headers, and its whole request; an idle kept-alive connection's life. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** Requests a minute each unit key may make, unless its unit's entry in the pack says otherwise. */
  KEY_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** The window a key's quota is counted over; the quota is scaled to it (tests shorten it). */
  KEY_QUOTA_WINDOW_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /**
   * Where quotas are counted: in this process (memory) or in the database, shared by every instance
   * (postgres). The database when a live adapter says several instances serve together.
   */
  KEY_QUOTA_STORE: z.enum(['memory', 'postgres']).optional(),
  /** Failed sign-ins one address may make in a day, whatever the user names (an office behind one NAT counts once). */
  SIGNIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** How long the command-line tool waits for a server that holds DATA_DIR to open its control socket. */
  CLI_WAIT_SECONDS: z.coerce.number().int().min(0).default(120),
  /** How often the TimescaleDB background jobs are checked, and how long overdue one counts as stalled. */
  TIMESCALE_JOBS_CHECK_MS: z.coerce.number().int().min(100).default(60_000),
  TIMESCALE_JOBS_STALL_MS: z.coerce.number().int().min(0).default(15 * 60_000),
  BUILD_ID: z.string().optional(),
  /** Wall display layout and playlists (JSON, see config/wall.json). */
  WALL_CONFIG: z.string().default('config/wall.json'),
  /** A MapLibre style URL for deployments that have a basemap; by default the map draws only what CityOps serves. */
  BASEMAP_STYLE_URL: z.string().url().optional(),
});

export type Config = Readonly<
  z.infer<typeof Env> & { dataDir: string; packFile: string; wallConfigFile: string; KEY_QUOTA_STORE: 'memory' | 'postgres' }
>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`CityOps cannot start: the environment is not valid\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.HTTP_HEADERS_TIMEOUT_MS > c.HTTP_REQUEST_TIMEOUT_MS) {
    throw new Error('CityOps cannot start: HTTP_HEADERS_TIMEOUT_MS must not be longer than HTTP_REQUEST_TIMEOUT_MS');
  }
  if (c.LIVE_ADAPTER === 'postgres' && !c.DATABASE_URL) {
    throw new Error('CityOps cannot start: LIVE_ADAPTER=postgres needs DATABASE_URL (the embedded database cannot be shared)');
  }
  return Object.freeze({
    ...c,
    KEY_QUOTA_STORE: c.KEY_QUOTA_STORE ?? (c.LIVE_ADAPTER === 'none' ? 'memory' : 'postgres'),
    dataDir: path.resolve(c.DATA_DIR),
    packFile: path.resolve(c.REGION_PACK),
    wallConfigFile: path.resolve(c.WALL_CONFIG),
  });
}
