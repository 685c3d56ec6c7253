/**
 * Several stateless instances share the live feed through a Socket.IO adapter: Redis pub/sub, or
 * PostgreSQL's LISTEN/NOTIFY when the province already runs PostgreSQL and nothing else.
 */
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { LiveServer } from './socket';

export async function attachAdapter(io: LiveServer, config: Config, log: Logger): Promise<() => Promise<void>> {
  switch (config.LIVE_ADAPTER) {
    case 'none':
      return async () => {};
    case 'redis': {
      const [{ createClient }, { createAdapter }] = await Promise.all([import('redis'), import('@socket.io/redis-adapter')]);
      const pub = createClient({ url: config.REDIS_URL });
      const sub = pub.duplicate();
      for (const c of [pub, sub]) c.on('error', (err) => log.error({ err }, 'redis adapter connection error'));
      await Promise.all([pub.connect(), sub.connect()]);
      io.adapter(createAdapter(pub, sub));
      log.info({ redis: new URL(config.REDIS_URL).host }, 'live feed shared through Redis');
      return async () => {
        await Promise.allSettled([pub.quit(), sub.quit()]);
      };
    }
    case 'postgres': {
      const [{ default: pg }, { createAdapter }] = await Promise.all([import('pg'), import('@socket.io/postgres-adapter')]);
      const pool = new pg.Pool({
        connectionString: config.DATABASE_URL,
        max: 2,
        application_name: 'cityops-live',
        connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
      });
      pool.on('error', (err) => log.error({ err }, 'postgres adapter connection error'));
      // The adapter keeps one client checked out to LISTEN, with no 'error' listener (pg-pool guards only
      // idle ones), and when it ends takes another without releasing it. Heard here, a lost connection
      // neither ends the process nor keeps its place in the pool; the adapter then listens again by itself.
      pool.on('connect', (client) => {
        client.on('error', (err) => log.warn({ err }, 'postgres adapter connection lost'));
        client.on('end', () => {
          try {
            client.release(new Error('the connection ended'));
          } catch {
            // Already back in the pool (idle, or released by pool.query), which drops it by itself.
          }
        });
      });
      await pool.query(`CREATE TABLE IF NOT EXISTS socket_io_attachments (
        id bigserial UNIQUE, created_at timestamptz DEFAULT now(), payload bytea)`);
      io.adapter(createAdapter(pool));
      log.info('live feed shared through PostgreSQL LISTEN/NOTIFY');
      return async () => {
        await pool.end();
      };
    }
  }
}
