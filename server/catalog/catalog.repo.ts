/** SQL for the catalogue tables and the boundaries. */
import type { AreaGeometry, RegionPack } from '../../shared/catalog';
import type { Db, Queryable } from '../db/db';

/** Writes the pack's catalogue, replacing the previous one. Imported official boundaries are kept. */
export async function savePack(db: Db, pack: RegionPack): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM packs WHERE id <> $1', [pack.id]);
    await tx.query(
      `INSERT INTO packs (id, name, root) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, root = EXCLUDED.root, loaded_at = now()`,
      [pack.id, JSON.stringify(pack.name), pack.root],
    );
    await replaceRows(tx, 'categories', 'key', pack.categories.map((c) => [c.key, c]));
    await replaceRows(tx, 'sources', 'key', pack.sources.map((s) => [s.key, s]));
    await replaceRows(tx, 'units', 'code', pack.units.map((u) => [u.code, u]));

    await tx.query('DELETE FROM areas WHERE NOT (code = ANY($1::text[]))', [pack.areas.map((a) => a.code)]);
    await tx.query(
      `INSERT INTO areas (code, kind, parent_code, def)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
       ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, parent_code = EXCLUDED.parent_code, def = EXCLUDED.def`,
      [
        pack.areas.map((a) => a.code),
        pack.areas.map((a) => a.kind),
        pack.areas.map((a) => a.parent),
        pack.areas.map((a) => JSON.stringify(a)),
      ],
    );

    await tx.query('DELETE FROM indicators WHERE NOT (key = ANY($1::text[]))', [pack.indicators.map((i) => i.key)]);
    for (const ind of pack.indicators) {
      await tx.query(
        `INSERT INTO indicators (key, spatial, weight_key, temporal, preferred_sources, def)
         VALUES ($1, $2, $3, $4, $5::text[], $6)
         ON CONFLICT (key) DO UPDATE SET spatial = EXCLUDED.spatial, weight_key = EXCLUDED.weight_key,
           temporal = EXCLUDED.temporal, preferred_sources = EXCLUDED.preferred_sources, def = EXCLUDED.def`,
        [
          ind.key,
          ind.spatial.kind,
          ind.spatial.kind === 'weighted-mean' ? ind.spatial.weight : null,
          ind.temporal,
          ind.preferredSources,
          JSON.stringify(ind),
        ],
      );
    }

    const codes = Object.keys(pack.boundaries.areas);
    await tx.query(`DELETE FROM area_boundaries WHERE origin = 'schematic' AND NOT (area_code = ANY($1::text[]))`, [codes]);
    await tx.query(
      `INSERT INTO area_boundaries (area_code, geometry, origin)
       SELECT * FROM unnest($1::text[], $2::jsonb[], $3::text[])
       ON CONFLICT (area_code) DO UPDATE SET geometry = EXCLUDED.geometry, imported_at = now()
         WHERE area_boundaries.origin = 'schematic'`,
      [codes, codes.map((c) => JSON.stringify(pack.boundaries.areas[c])), codes.map(() => pack.boundaries.origin)],
    );
  });
}

async function replaceRows(tx: Queryable, table: string, keyColumn: string, rows: [string, unknown][]): Promise<void> {
  await tx.query(`DELETE FROM ${table} WHERE NOT (${keyColumn} = ANY($1::text[]))`, [rows.map((r) => r[0])]);
  await tx.query(
    `INSERT INTO ${table} (${keyColumn}, def) SELECT * FROM unnest($1::text[], $2::jsonb[])
     ON CONFLICT (${keyColumn}) DO UPDATE SET def = EXCLUDED.def`,
    [rows.map((r) => r[0]), rows.map((r) => JSON.stringify(r[1]))],
  );
}

export interface BoundaryRow {
  area_code: string;
  geometry: AreaGeometry;
  origin: 'schematic' | 'official';
}

export async function listBoundaries(db: Queryable): Promise<BoundaryRow[]> {
  const r = await db.query<BoundaryRow>('SELECT area_code, geometry, origin FROM area_boundaries ORDER BY area_code');
  return r.rows;
}

export async function saveOfficialBoundaries(db: Db, geometries: Map<string, AreaGeometry>): Promise<void> {
  const codes = [...geometries.keys()];
  await db.query(
    `INSERT INTO area_boundaries (area_code, geometry, origin)
     SELECT code, geometry, 'official' FROM unnest($1::text[], $2::jsonb[]) AS t(code, geometry)
     ON CONFLICT (area_code) DO UPDATE SET geometry = EXCLUDED.geometry, origin = 'official', imported_at = now()`,
    [codes, codes.map((c) => JSON.stringify(geometries.get(c)))],
  );
}
