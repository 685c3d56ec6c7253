/**
 * Property: whatever is sent to the ingest, sign-in, draft and CSV endpoints, the answer is JSON and never
 * a 5xx. Inputs are valid requests with fields mutated into odd text (NUL, half surrogate pairs, huge
 * numbers, wrong types), arbitrary JSON, and raw bytes. The seed is printed; FUZZ_SEED=<n> repeats a run,
 * FUZZ_RUNS=<n> sets the cases per endpoint (default 700; sign-in a quarter of that, as each costs an argon2
 * verification): about 2,300 in all. On a machine too busy to finish them, each endpoint stops after 12 s
 * and says how many cases it ran (a seed's cases come in the same order, so a failure within the budget
 * repeats); with FUZZ_RUNS set there is no budget.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness';
import { signInReporter } from './raw-http';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 700;
const BUDGET_MS = process.env.FUZZ_RUNS ? 0 : 12_000;

// Characters that broke things before, or might: NUL, each kind of half surrogate, a real pair, controls, RTL.
const oddChar = fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '😀', '\u202e', '\ufeff', '\n', '"', '\\', ';', ',', '|', '%');
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: fc.oneof(oddChar, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 12 }),
  fc.constantFrom('', ' ', 'online_pct', 'households', 'dossiers', '901', '902', '90', 'st-a', 'one-stop-shop', 'sensor', 'x'.repeat(300)),
);
const timestamp = fc.oneof(
  fc.constantFrom('2024-01-01T00:00:00+07:00', '2024-02-30T00:00:00+07:00', '0050-03-01T00:00:00+07:00', '9999-12-31T23:59:59+14:00', '2024-01-01T00:00:00'),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  text,
);
const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, 45.5, 100, 101));
const odd = fc.oneof(text, number, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));

const observation = fc.record(
  {
    indicator: fc.oneof(fc.constantFrom('online_pct', 'households', 'dossiers', 'salinity'), odd),
    area: fc.oneof(fc.constantFrom('901', '902', 'st-a'), odd),
    ts: fc.oneof(timestamp, odd),
    value: fc.oneof(number, odd),
    source: fc.oneof(fc.constantFrom('one-stop-shop', 'paper-register'), odd),
    extra: odd,
  },
  { requiredKeys: [] },
);
const ingestBody = fc.oneof(
  { weight: 6, arbitrary: fc.array(observation, { maxLength: 8 }).map((observations) => ({ observations })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(text, odd, { maxKeys: 3 }) },
);

const draftKey = fc.oneof(fc.constantFrom('online_pct|901', 'households|901', 'fibre_pct|901', 'dossiers|901', 'online_pct|902'), text);
const draftBody = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(draftKey, fc.oneof(text, odd), { maxKeys: 5 }).map((values) => ({ values })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const loginBody = fc.oneof(
  { weight: 4, arbitrary: fc.record({ username: fc.oneof(text, odd), password: fc.oneof(text, odd) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const csvCell = fc.oneof(
  fc.constantFrom('online_pct', 'Hộ có cáp quang', '901', 'Huyện Một', '05/2022', 'tháng 5/2022', '2022', '45,5', '1.234,5', '12%', 'one-stop-shop', ''),
  text,
);
const csvHeader = fc.constantFrom('indicator,area,period,value,source', 'Chỉ tiêu;Địa bàn;Kỳ báo cáo;Giá trị', 'sep=;\nindicator;area;ts;value', '', 'value');
const csvFile = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(csvHeader, fc.constantFrom(',', ';', '\t'), fc.array(fc.array(csvCell, { maxLength: 6 }), { maxLength: 6 }), fc.boolean(), fc.constantFrom('\n', '\r\n'))
      .map(([header, sep, rows, bom, eol]) => {
        const quote = (c: string) => (/["\n;,]/.test(c) && c.length % 2 === 0 ? `"${c.replace(/"/g, '""')}"` : c);
        const body = [header, ...rows.map((r) => r.map(quote).join(sep))].join(eol);
        // Buffer.from would turn a half surrogate into U+FFFD, and a NUL into a 0 byte, which is what a file carries.
        return Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(body, 'utf8')]);
      }),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)) },
);

const bodyOrRaw = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 8, arbitrary: arb.map((v) => JSON.stringify(v) ?? 'null') },
    // Broken JSON: cut short, or a byte changed.
    { weight: 1, arbitrary: fc.tuple(arb, fc.nat()).map(([v, n]) => (JSON.stringify(v) ?? '').slice(0, n % 40)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 60 }).map((a) => Buffer.from(a)) },
  );

describe('fuzzing the write endpoints on pglite', () => {
  let s: TestServer;
  let key: string;
  let session: { cookie: string; csrf: string };
  const answers = new Map<number, number>();
  beforeAll(async () => {
    s = await startTestServer('pglite');
    key = await s.keyFor('ubnd-901');
    session = await signInReporter(s, 'fuzz901', 'ubnd-901');
    console.log(`fuzz seed ${SEED} (repeat with FUZZ_SEED=${SEED}), ${RUNS} cases per endpoint`);
  });
  afterAll(async () => {
    console.log(`fuzz cases run: ${JSON.stringify(ran)}; answers by status: ${JSON.stringify(Object.fromEntries([...answers].sort()))}`);
    await s?.stop();
  });

  /** Sends one case; fails the property on a 5xx or a body that is not JSON. */
  async function check(method: string, path: string, body: string | Buffer, headers: Record<string, string>): Promise<void> {
    const res = await fetch(`${s.url}${path}`, { method, headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
    const raw = await res.text();
    answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
    expect(res.status, raw).toBeLessThan(500);
    expect(res.headers.get('content-type'), raw).toMatch(/^application\/json/);
    expect(() => JSON.parse(raw), raw).not.toThrow();
  }
  const ran: Record<string, number> = {};
  /** Runs the property; a failure reports the seed, the path to the case and the shrunk counterexample. */
  async function run<T>(name: string, arb: fc.Arbitrary<T>, predicate: (v: T) => Promise<void>, numRuns = RUNS): Promise<void> {
    const out = await fc.check(fc.asyncProperty(arb, predicate), {
      seed: SEED,
      numRuns,
      ...(BUDGET_MS ? { interruptAfterTimeLimit: BUDGET_MS, markInterruptAsFailure: false } : {}),
    });
    ran[name] = out.numRuns;
    if (out.failed) throw new Error(fc.defaultReportMessage(out));
  }
  const asSession = { Cookie: '', 'X-CSRF-Token': '' };
  beforeAll(() => {
    asSession.Cookie = session.cookie;
    asSession['X-CSRF-Token'] = session.csrf;
  });

  it('ingest: POST /api/v1/observations', async () => {
    await run('ingest', bodyOrRaw(ingestBody), (body) =>
      check('POST', '/api/v1/observations', body, { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` }),
    );
  }, 120_000);

  it('sign-in: POST /api/v1/auth/login', async () => {
    // Fewer cases: each known name costs an argon2 verification.
    await run('login', bodyOrRaw(loginBody), (body) => check('POST', '/api/v1/auth/login', body, { 'Content-Type': 'application/json' }), Math.ceil(RUNS / 4));
  }, 120_000);

  it('drafts: PUT /api/v1/report/drafts/:unit', async () => {
    const unit = fc.oneof({ weight: 5, arbitrary: fc.constant('ubnd-901') }, { weight: 1, arbitrary: fc.constantFrom('ubnd-902', 'nope', '%00', '%F0%9F%98%80', '%ED%A0%80') });
    await run('drafts', fc.tuple(unit, bodyOrRaw(draftBody)), ([u, body]) =>
      check('PUT', `/api/v1/report/drafts/${u}`, body, { 'Content-Type': 'application/json', ...asSession }),
    );
  }, 120_000);

  it('CSV: POST /api/v1/report/csv/preview and /commit', async () => {
    await run('csv', fc.tuple(fc.constantFrom('preview', 'commit'), fc.constantFrom('', '?lang=en', '?lang=%00'), csvFile), ([step, query, file]) =>
      check('POST', `/api/v1/report/csv/${step}${query}`, file, { 'Content-Type': 'text/csv', ...asSession }),
    );
  }, 120_000);

  it('is still serving after all that', async () => {
    expect((await s.get('/healthz')).status).toBe(200);
    expect([...answers.keys()].every((st) => st < 500)).toBe(true);
  });
});
