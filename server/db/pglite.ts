/** Embedded PostgreSQL (PGlite, WebAssembly) persisted in a directory: nothing to install. */
import { mkdir } from 'node:fs/promises';
import type { PGlite as PGliteType } from '@electric-sql/pglite';
import type { Db, Queryable } from './db';

/** Wraps a PGlite instance; `timescale` PGlite builds (tests) pass their own instance in. */
export function wrapPglite(pg: PGliteType): Db {
  return {
    driver: 'pglite',
    timescale: false,
    async query<T>(sql: string, params?: unknown[]) {
      const r = await pg.query<T>(sql, params);
      return { rows: r.rows };
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return pg.transaction((tx) =>
        fn({
          async query<R>(sql: string, params?: unknown[]) {
            const r = await tx.query<R>(sql, params);
            return { rows: r.rows };
          },
        }),
      );
    },
    async close() {
      await pg.close();
    },
  };
}

/** Opens PGlite under `dir`, or in memory when `dir` is "memory://". */
export async function openPglite(dir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (!dir.startsWith('memory://')) await mkdir(dir, { recursive: true });
  const pg = await PGlite.create(dir);
  return wrapPglite(pg);
}
