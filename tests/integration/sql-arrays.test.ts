/** Array parameters written as literals by hand must reach the database exactly as the values were. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberArray, textArray } from '../../server/db/sql';
import { DRIVERS, openTestDb, type TestDb } from './harness';

describe.each(DRIVERS)('array literals on %s', (driver) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(driver);
  });
  afterAll(async () => {
    await t?.db.close();
    await t?.drop();
  });

  it('keep every text as it was: quotes, backslashes, separators, braces, spaces, NULL, empty, diacritics', async () => {
    const texts = ['plain', 'a,b', '{x}', ' padded ', 'say "hi"', 'back\\slash', '\\"', 'NULL', '', 'Tân Hưng', 'Đức Huệ', "it's", 'tab\there'];
    const { rows } = await t.db.query<{ a: string[]; n: number }>('SELECT $1::text[] AS a, cardinality($1::text[]) AS n', [textArray(texts)]);
    expect(rows[0]).toEqual({ a: texts, n: texts.length });
    for (const one of [[], [''], ['"'], ['plain']]) {
      const r = await t.db.query<{ a: string[] }>('SELECT $1::text[] AS a', [textArray(one)]);
      expect(r.rows[0]!.a).toEqual(one);
    }
  });

  it('keep every number as it was, to the last bit', async () => {
    const numbers = [0, -0, 1, -1.5, 0.1 + 0.2, 1e21, 1.7976931348623157e308, 5e-324, -123456789.12345679, 2 ** 53 + 2];
    const { rows } = await t.db.query<{ a: number[] }>('SELECT $1::float8[] AS a', [numberArray(numbers)]);
    expect(rows[0]!.a).toEqual(numbers.map((n) => (Object.is(n, -0) ? 0 : n)));
  });
});
