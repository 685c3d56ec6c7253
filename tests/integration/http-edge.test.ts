/**
 * The edge of the HTTP server: text the database cannot store, drafts outside a unit's obligations,
 * oversized and slow requests, Node's own parser errors, and OPTIONS, all answered as JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, startTestServer, type TestServer } from './harness';
import { connect, rawRequest, signInReporter } from './raw-http';

const jsonOf = (r: { headers: Record<string, string>; body: string } | undefined) => {
  expect(r?.headers['content-type']).toMatch(/^application\/json/);
  return JSON.parse(r!.body);
};

describe.each(DRIVERS)('text the database refuses, on %s', (driver) => {
  let s: TestServer;
  let session: { cookie: string; csrf: string };
  beforeAll(async () => {
    s = await startTestServer(driver);
    session = await signInReporter(s, 'rep901', 'ubnd-901');
  });
  afterAll(async () => {
    await s?.stop();
  });

  // Written by hand: JSON.stringify would spell a lone surrogate the same way, but the point is the bytes on the wire.
  const send = (method: string, path: string, raw: string, headers: Record<string, string> = {}) =>
    fetch(`${s.url}${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: raw }).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
  const draft = (raw: string) => send('PUT', '/api/v1/report/drafts/ubnd-901', raw, { Cookie: session.cookie, 'X-CSRF-Token': session.csrf });

  it('refuses NUL in a login name with 422 naming the field', async () => {
    const r = await send('POST', '/api/v1/auth/login', '{"username":"ad\\u0000min","password":"x"}');
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('validation-failed');
    expect(r.body.error.details).toEqual([expect.objectContaining({ field: 'username', reason: 'invalid' })]);
  });

  it('refuses NUL in a draft value, NUL in a draft key and a lone surrogate, naming each', async () => {
    const value = await draft('{"values":{"online_pct|901":"4\\u00005"}}');
    expect(value.status).toBe(422);
    expect(value.body.error.details).toEqual([expect.objectContaining({ field: 'values.online_pct|901', reason: 'invalid' })]);

    const key = await draft('{"values":{"online_pct\\u0000|901":"45"}}');
    expect(key.status).toBe(422);
    expect(key.body.error.details[0].field).toBe('values.online_pct\\u0000|901');

    for (const lone of ['\\ud800', '\\udfff', 'a\\udc00b', '\\ud83d']) {
      const r = await draft(`{"values":{"online_pct|901":"${lone}"}}`);
      expect(r.status, lone).toBe(422);
      expect(r.body.error.details[0]).toMatchObject({ field: 'values.online_pct|901', reason: 'invalid' });
    }
    // A surrogate pair is a real character and is kept.
    expect((await draft('{"values":{"online_pct|901":"45 \\ud83d\\ude00"}}')).status).toBe(200);
    const saved = await fetch(`${s.url}/api/v1/report/drafts/ubnd-901`, { headers: { Cookie: session.cookie } }).then((r) => r.json());
    expect(saved.values['online_pct|901']).toBe('45 😀');
  });

  it('accepts only the keys of the unit’s obligations in a draft', async () => {
    const r = await draft('{"values":{"online_pct|901":"45","online_pct|902":"1","nonsense":"2","dossiers|901":"3"}}');
    expect(r.status).toBe(422);
    expect(r.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'values.dossiers|901',
      'values.nonsense',
      'values.online_pct|902',
    ]);
    expect(r.body.error.details[0].reason).toBe('unknown-field');
    expect((await draft('{"values":{"online_pct|901":"45","households|901":"1200"}}')).status).toBe(200);
  });

  it('refuses NUL and lone surrogates in an ingest batch, a query parameter and a path', async () => {
    const key = await s.keyFor('ubnd-901');
    const batch = await send(
      'POST',
      '/api/v1/observations',
      '{"observations":[{"indicator":"online_pct","area":"901","ts":"2024-01-01T00:00:00+07:00","value":1,"source":"one-stop-shop\\u0000"}]}',
      { Authorization: `Bearer ${key}` },
    );
    expect(batch.status).toBe(422);
    expect(batch.body.error.details[0]).toMatchObject({ field: 'observations.0.source', reason: 'invalid' });

    const query = await fetch(`${s.url}/api/v1/report/history?before=2024%00`, { headers: { Cookie: session.cookie } });
    expect(query.status).toBe(422);
    expect((await query.json()).error.details[0]).toMatchObject({ field: 'before', reason: 'invalid' });

    const path = await fetch(`${s.url}/api/v1/report/drafts/ubnd-901%00`, { headers: { Cookie: session.cookie } });
    expect(path.status).toBe(422);
    expect((await path.json()).error.details[0]).toMatchObject({ field: 'path', reason: 'invalid' });
  });

  it('names the row and column of a NUL in a CSV cell', async () => {
    const csv = 'indicator,area,period,value,source\nonline_pct,901,05/2022,45,one-stop\u0000shop\nonline_pct,901\u0000,06/2022,45\n';
    for (const step of ['preview', 'commit']) {
      const r = await fetch(`${s.url}/api/v1/report/csv/${step}`, {
        method: 'POST',
        headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, 'Content-Type': 'text/csv' },
        body: csv,
      });
      expect(r.status, step).toBe(step === 'preview' ? 200 : 422);
      const body = await r.json();
      const preview = step === 'preview' ? body : body.error.details;
      expect(preview.ok).toBe(false);
      const problems = preview.rows.map((row: { line: number; problems: { field: string; reason: string }[] }) => [
        row.line,
        row.problems.map((p) => `${p.field}:${p.reason}`),
      ]);
      expect(problems).toEqual([
        [2, ['source:invalid']],
        [3, ['area:invalid']],
      ]);
    }
  });
});

describe('oversized, slow and malformed requests', () => {
  const LIMIT = 64 * 1024;
  let s: TestServer;
  let key: string;
  beforeAll(async () => {
    s = await startTestServer(DRIVERS[0]!, {
      MAX_BODY_BYTES: String(LIMIT),
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_REQUEST_TIMEOUT_MS: '2000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '700',
    });
    key = await s.keyFor('ubnd-901');
  });
  afterAll(async () => {
    await s?.stop();
  });
  const head = (extra: string) => `POST /api/v1/observations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\n${extra}\r\n`;

  it('answers a declared length over the limit with 413 at once and closes, without reading the body', async () => {
    const c = connect(s.url);
    c.socket.write(head('Content-Length: 1073741824\r\n'));
    const r = await c.closed;
    expect(r?.status).toBe(413);
    expect(r?.headers.connection).toBe('close');
    expect(jsonOf(r).error.code).toBe('payload-too-large');
  });

  it('stops reading a chunked body at the limit: 413, connection closed, long before the body ends', async () => {
    const c = connect(s.url);
    c.socket.write(head('Transfer-Encoding: chunked\r\n'));
    const chunk = Buffer.alloc(16 * 1024, 'x');
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    let answered = false;
    void c.response.then(() => (answered = true));
    let sent = 0;
    // 64 MB in all; the server answers after the first 64 kB, and the loop stops when it has.
    while (!answered && sent < 64 * 1024 * 1024 && !c.socket.destroyed) {
      if (!c.socket.write(frame)) await new Promise((r) => c.socket.once('drain', r).once('close', r));
      sent += chunk.length;
    }
    const r = await c.response;
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe('close');
    expect(jsonOf(r).error.code).toBe('payload-too-large');
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    await c.closed;
  });

  it('answers headers that never end, and a body shorter than its Content-Length, with 408 and closes', async () => {
    const slowHeaders = connect(s.url);
    slowHeaders.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const short = connect(s.url);
    short.socket.write(head('Content-Length: 100\r\n') + '{"observations":');
    const [a, b] = await Promise.all([slowHeaders.closed, short.closed]);
    for (const r of [a, b]) {
      expect(r?.status).toBe(408);
      expect(jsonOf(r).error.message).toMatch(/in time/);
    }
  });

  it('closes an idle kept-alive connection after the configured time', async () => {
    expect(s.http.keepAliveTimeout).toBe(700);
    const c = connect(s.url);
    c.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect((await c.response).status).toBe(200);
    await c.closed;
  });

  it('answers Node’s own parser errors as JSON and closes', async () => {
    const cases = [
      head('Transfer-Encoding: chunked\r\n') + 'zz\r\nhello\r\n0\r\n\r\n', // bad chunk size
      head('Content-Length: 5\r\nTransfer-Encoding: chunked\r\n') + '0\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
      'NOT-HTTP\r\n\r\n',
    ];
    for (const bytes of cases) {
      const r = await rawRequest(s.url, bytes);
      expect(r?.status, bytes).toBe(400);
      expect(r?.headers.connection).toBe('close');
      expect(jsonOf(r).error.code).toBe('bad-request');
    }
    const big = await rawRequest(s.url, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(big?.status).toBe(431);
    expect(jsonOf(big).error.code).toBe('bad-request');
  });

  it('answers OPTIONS on write endpoints without the Express text, with the methods allowed', async () => {
    for (const path of ['/api/v1/observations', '/api/v1/report/drafts/ubnd-901', '/api/v1/auth/login', '/api/v1/report/csv/commit']) {
      const r = await fetch(`${s.url}${path}`, { method: 'OPTIONS' });
      expect(r.status, path).toBe(204);
      expect(r.headers.get('content-type'), path).toBeNull();
      expect(r.headers.get('allow'), path).toMatch(/POST|PUT/);
      expect(await r.text()).toBe('');
    }
  });

  it('still takes an ordinary request after all that', async () => {
    const r = await s.post({ observations: [{ indicator: 'online_pct', area: '901', ts: '2024-01-01T00:00:00+07:00', value: 40 }] }, { key });
    expect(r.status).toBe(200);
  });
});
