/**
 * Vitest global setup: builds the client once, so the server under test serves exactly what ships.
 * E2E_SKIP_BUILD=1 reuses dist/client when only the tests changed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export default async function setup(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  await build({ configFile: path.join(repo, 'vite.config.ts'), root: path.join(repo, 'client'), logLevel: 'warn' });
}
