/** Small pieces of SQL and transaction handling that several repositories share. */

/** A timestamptz column as ISO 8601 UTC text: cheaper in the database than parsing and printing in JS. */
export const isoText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

/** Runs a transaction again (up to three times in all) when PostgreSQL chose it as a deadlock or serialization victim. */
export async function retryTransient<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt < 3 && code && RETRYABLE.has(code)) continue;
      throw err;
    }
  }
}

/**
 * A text[] parameter written as PostgreSQL's array literal, every element quoted: what `pg` makes of a JS
 * array, at a fraction of its cost for the thousands of keys and periods in a batch. Null elements are not
 * allowed.
 */
export function textArray(values: readonly string[]): string {
  const joined = values.join('","');
  if (!/["\\]/.test(joined)) return values.length === 0 ? '{}' : `{"${joined}"}`;
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * A timestamptz[] parameter as an array literal, from ISO 8601 UTC texts (as `toUtcIso` writes them): they hold
 * nothing an array literal would need quoted, so they are joined as they are.
 */
export function isoArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

/** A float8[] parameter as an array literal; every value must be finite. */
export function numberArray(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}
