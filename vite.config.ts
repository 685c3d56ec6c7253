import { randomBytes } from 'node:crypto';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** A new id per build: a wall display running an older build sees the change and reloads itself. */
const buildId = process.env.BUILD_ID ?? `${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${randomBytes(3).toString('hex')}`;

function emitBuildId(): Plugin {
  return {
    name: 'cityops-build-id',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'build-id.txt', source: buildId });
    },
  };
}

export default defineConfig(({ command }) => ({
  root: 'client',
  publicDir: 'public',
  plugins: [react(), emitBuildId()],
  define: {
    __CITYOPS_BUILD__: JSON.stringify(command === 'build' ? buildId : 'dev'),
  },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1600,
  },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts', 'shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
}));
