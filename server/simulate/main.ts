/**
 * `npm run simulate`: plays the pack's units against a server that is already running, as an outside
 * client would: keys from the CLI, the catalogue and every write over HTTP.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { CatalogV1 } from '../../shared/catalog';
import { execute } from '../cli/main';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import { startSimulator } from './simulator';

const USAGE = `Usage: npm run simulate -- [--url <server>] [--interval <ms>] [--backfill-days <n>]`;

/** The server may still be starting: try for half a minute before giving up. */
async function fetchCatalog(url: string): Promise<CatalogV1> {
  let last = '';
  for (let attempt = 0; attempt < 15; attempt++) {
    try {
      const res = await fetch(`${url}/api/v1/catalog`, { signal: AbortSignal.timeout(10_000) });
      if (res.ok) return CatalogV1.parse(await res.json());
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
  throw new Error(`cannot read the catalogue from ${url}/api/v1/catalog (${last}); is the server running?`);
}

function positiveInt(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min}\n${USAGE}`);
  return n;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      interval: { type: 'string' },
      'backfill-days': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const url = (values.url ?? `http://127.0.0.1:${process.env.PORT || 3000}`).replace(/\/+$/, '');
  const intervalMs = positiveInt('interval', values.interval, config.SIMULATE_INTERVAL_MS, 100);
  const backfillDays = positiveInt('backfill-days', values['backfill-days'], 30, 0);
  const log = createLogger(config.LOG_LEVEL);

  const catalog = await fetchCatalog(url);
  // New keys for every unit; the previous simulator keys are revoked.
  const keys = new Map(Object.entries(JSON.parse(await execute(['keys', 'simulator'], config)) as Record<string, string>));
  log.info({ url, units: keys.size, intervalMs, backfillDays }, 'simulator starting');
  const simulator = startSimulator({
    baseUrl: url,
    catalog: { pack: { areas: catalog.areas, units: catalog.units, indicators: catalog.indicators } },
    keys,
    intervalMs,
    log,
    backfillDays,
  });

  const stop = (signal: string) => {
    log.info({ signal }, 'simulator stopping');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    simulator.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'simulator did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
}
