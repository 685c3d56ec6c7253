/** The simulator reports as every unit with a key of its own, replaced at each start. */
import type { Catalog } from '../catalog/catalog';
import type { Db } from '../db/db';
import { revokeLabelled } from '../keys/keys.repo';
import { createKey } from '../keys/keys.service';

export const SIMULATOR_LABEL = 'simulator';

export async function simulatorKeys(db: Db, catalog: Catalog): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const unit of catalog.units.keys()) {
    await revokeLabelled(db, unit, SIMULATOR_LABEL);
    keys.set(unit, (await createKey(db, catalog, unit, SIMULATOR_LABEL)).key);
  }
  return keys;
}
