/** The simulator reports as every unit with a key of its own, replaced at each start. */
import type { Catalog } from '../catalog/catalog';
import type { Db } from '../db/db';
import { revokeLabelled } from '../keys/keys.repo';
import { createKey } from '../keys/keys.service';

/** The simulator inside the server and a standalone `npm run simulate` keep separate keys, so neither revokes the other's. */
export const SIMULATOR_LABELS = { embedded: 'simulator', standalone: 'simulator-standalone' } as const;

export async function simulatorKeys(db: Db, catalog: Catalog, label: string = SIMULATOR_LABELS.embedded): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const unit of catalog.units.keys()) {
    await revokeLabelled(db, unit, label);
    keys.set(unit, (await createKey(db, catalog, unit, label)).key);
  }
  return keys;
}
