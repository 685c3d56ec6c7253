/** End-to-end tests in real Chromium against a real server; run with `npm run test:e2e`. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  // The root vite.config.ts points `root` at client/; these tests live outside it.
  root: repo,
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: [path.join(repo, 'tests/e2e/build-client.ts')],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
  },
});
