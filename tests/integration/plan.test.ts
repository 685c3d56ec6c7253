/**
 * The plan API on every storage path: targets loaded from the pack and edited by an administrator (kept
 * across a reload), the roadmap, and the composite index computed from stored figures by hand-checked sums.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegionPack } from '../../shared/catalog';
import type { PlanChangeV1 } from '../../shared/plan';
import { errorHandler } from '../../server/http/errors';
import { planRoutes } from '../../server/plan/plan.routes';
import { PlanService } from '../../server/plan/plan.service';
import { miniPack, writeMiniPack } from '../fixtures/mini-pack';
import { DRIVERS, pt, startTestServer, type TestServer } from './harness';

const L = (vi: string, en = vi) => ({ vi, en });

const packWithPlan: RegionPack = {
  ...miniPack,
  plan: {
    targets: [
      { indicator: 'online_pct', area: '90', kind: 'year', period: '2022', value: 50 },
      { indicator: 'online_pct', area: '90', kind: 'month', period: '2022-05', value: 45 },
      { indicator: 'online_pct', area: '901', kind: 'year', period: '2022', value: 60 },
      { indicator: 'grdp_digital_pct', area: '90', kind: 'year', period: '2022', value: 10 },
    ],
    roadmap: {
      year: 2022,
      title: L('Kế hoạch 2022', 'Plan 2022'),
      themes: [{ key: 'svc', name: L('Dịch vụ công', 'Public service') }],
      tasks: [
        { id: 'later', title: L('Việc sau', 'Later'), theme: 'svc', unit: 'ubnd-902', due: '2099-12-31', status: 'not-started', notes: [], indicators: [] },
        {
          id: 'late',
          title: L('Việc trễ', 'Late'),
          theme: 'svc',
          unit: 'ubnd-901',
          due: '2022-06-30',
          status: 'in-progress',
          notes: [{ at: '2022-05-10', text: 'Đã khảo sát.' }],
          indicators: ['online_pct'],
        },
        { id: 'done', title: L('Việc xong', 'Done'), theme: 'svc', unit: 'so-kh', due: '2022-03-31', status: 'done', notes: [], indicators: [] },
      ],
    },
    indexes: [
      {
        id: 'mini',
        name: L('Chỉ số thử', 'Test index'),
        pillars: [
          {
            key: 'svc',
            name: L('Dịch vụ', 'Service'),
            weight: 60,
            indicators: [
              { key: 'online_pct', weight: 2, normalise: { kind: 'target' } },
              { key: 'fibre_pct', weight: 1, normalise: { kind: 'range', min: 0, max: 100 } },
            ],
          },
          { key: 'econ', name: L('Kinh tế', 'Economy'), weight: 40, indicators: [{ key: 'grdp_digital_pct', weight: 1, normalise: { kind: 'target' } }] },
        ],
      },
    ],
  },
};

describe.each(DRIVERS)('plan API on %s', (driver) => {
  let s: TestServer;
  let admin: { url: string; close(): Promise<void> };
  const changes: PlanChangeV1[] = [];

  beforeAll(async () => {
    s = await startTestServer(driver, { REGION_PACK: writeMiniPack(packWithPlan) });
    // The server's own routes take a real session; this one lets through whoever says "admin", to exercise editing.
    const app = express();
    app.use(
      planRoutes({
        db: s.db,
        catalog: s.catalog,
        requireAdmin: (req, _res, next) => (req.get('x-test-admin') === 'yes' ? next() : next(Object.assign(new Error('no'), { status: 401 }))),
        actorOf: () => 'user:test-admin',
        onChanged: (change) => {
          changes.push(change);
        },
      }),
    );
    app.use(errorHandler(pino({ level: 'silent' })));
    const http = app.listen(0, '127.0.0.1');
    await new Promise((r) => http.once('listening', r));
    admin = {
      url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
      close: () => new Promise((r) => http.close(() => r(undefined))),
    };
  });
  afterAll(async () => {
    await admin?.close();
    await s?.stop();
  });

  const put = async (path: string, body: unknown, opts: { admin?: boolean; raw?: string; type?: string } = {}) => {
    const res = await fetch(`${admin.url}${path}`, {
      method: 'PUT',
      headers: { 'content-type': opts.type ?? 'application/json', ...(opts.admin === false ? {} : { 'x-test-admin': 'yes' }) },
      body: opts.raw ?? JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  it('serves the pack’s targets with the comparison their direction implies', async () => {
    const r = await s.get('/api/v1/targets?indicator=online_pct');
    expect(r.status).toBe(200);
    expect(r.body.targets).toHaveLength(3);
    expect(r.body.targets.find((t: any) => t.area === '901')).toMatchObject({
      kind: 'year',
      period: '2022',
      start: '2021-12-31T17:00:00.000Z',
      end: '2022-12-31T17:00:00.000Z',
      comparison: '>=',
      value: 60,
      origin: 'pack',
      updatedBy: null,
    });
    expect((await s.get('/api/v1/targets?area=901')).body.targets).toHaveLength(1);
    expect((await s.get('/api/v1/targets?indicator=nope')).status).toBe(404);
    const bad = await s.get('/api/v1/targets?kind=week');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad-request');
  });

  it('refuses to change a target without an administrator’s session, as JSON', async () => {
    const res = await fetch(`${s.url}/api/v1/targets`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ indicator: 'online_pct', area: '90', kind: 'year', period: '2022', value: 55 }),
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
  });

  it('keeps an administrator’s target across a pack reload, and gives the pack’s back when it is removed', async () => {
    const key = { indicator: 'online_pct', area: '90', kind: 'year', period: '2022' };
    const r = await put('/api/v1/targets', { ...key, value: 62 });
    expect(r.status).toBe(200);
    expect(r.body.previous).toMatchObject({ value: 50, origin: 'pack' });
    expect(r.body.target).toMatchObject({ value: 62, origin: 'admin', updatedBy: 'user:test-admin', comparison: '>=' });
    expect(changes.at(-1)).toMatchObject({ kind: 'target', target: { value: 62 } });

    // A restart loads the pack again: the pack's other targets are refreshed, the administrator's stays.
    await new PlanService({ db: s.db, catalog: s.catalog }).ready;
    const after = (await s.get('/api/v1/targets?indicator=online_pct&area=90&kind=year')).body.targets;
    expect(after).toEqual([expect.objectContaining({ value: 62, origin: 'admin' })]);

    const reset = await put('/api/v1/targets', { ...key, value: null });
    expect(reset.body.target).toMatchObject({ value: 50, origin: 'pack', updatedBy: null });
    // A target the pack never had goes away entirely.
    await put('/api/v1/targets', { ...key, period: '2023', value: 70 });
    const gone = await put('/api/v1/targets', { ...key, period: '2023', value: null });
    expect(gone.body).toEqual({ previous: expect.objectContaining({ value: 70 }), target: null });
  });

  it('names every problem with a target edit and never answers 500', async () => {
    const bad = await put('/api/v1/targets', { indicator: 'online_pct', area: '999', kind: 'month', period: '2022-13', value: 120 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation-failed');
    expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(['area', 'period', 'value']);
    expect((await put('/api/v1/targets', { indicator: 'online_pct', area: '90', kind: 'year', period: '2022', value: 5, extra: 1 })).status).toBe(400);
    expect((await put('/api/v1/targets', null, { raw: '{"indicator":' })).status).toBe(400);
    expect((await put('/api/v1/targets', null, { raw: 'x', type: 'text/plain' })).status).toBe(415);
    expect((await put('/api/v1/targets', { indicator: 'online_pct' }, { admin: false })).status).toBe(401);
  });

  it('lists the roadmap overdue first, and records an administrator’s status and note over reloads', async () => {
    const r = await s.get('/api/v1/roadmap');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ year: 2022, themes: [{ key: 'svc' }] });
    expect(r.body.tasks.map((t: any) => [t.id, t.overdue])).toEqual([
      ['late', true],
      ['done', false],
      ['later', false],
    ]);
    expect(r.body.tasks[0].notes).toEqual([{ at: '2022-05-09T17:00:00.000Z', text: 'Đã khảo sát.', origin: 'pack', author: null }]);

    const u = await put('/api/v1/roadmap/late', { status: 'done', note: 'Đã nghiệm thu.' });
    expect(u.status).toBe(200);
    expect(u.body.task).toMatchObject({ id: 'late', status: 'done', overdue: false, updatedBy: 'user:test-admin' });
    expect(u.body.task.notes.map((n: any) => [n.text, n.origin])).toEqual([
      ['Đã khảo sát.', 'pack'],
      ['Đã nghiệm thu.', 'admin'],
    ]);
    expect(changes.at(-1)).toEqual({ kind: 'task', id: 'late', previousStatus: 'in-progress', status: 'done', note: 'Đã nghiệm thu.' });

    await new PlanService({ db: s.db, catalog: s.catalog }).ready;
    const late = (await s.get('/api/v1/roadmap')).body.tasks.find((t: any) => t.id === 'late');
    expect(late.status).toBe('done');
    expect(late.notes).toHaveLength(2);

    expect((await put('/api/v1/roadmap/nope', { status: 'done' })).status).toBe(404);
    expect((await put('/api/v1/roadmap/late', {})).status).toBe(400);
    expect((await put('/api/v1/roadmap/late', { status: 'finished' })).status).toBe(400);
  });

  it('scores every area from the latest figures in time, re-weighting what is missing', async () => {
    const may = '2022-05-01T00:00:00+07:00';
    const [k1, k2, k3, kh] = await Promise.all(['ubnd-901', 'ubnd-902', 'ubnd-903', 'so-kh'].map((u) => s.keyFor(u)));
    await s.post({ observations: [pt('online_pct', '901', may, 40), pt('households', '901', '2022-01-01T00:00:00+07:00', 1000), pt('fibre_pct', '901', may, 50)] }, { key: k1 });
    await s.post({ observations: [pt('online_pct', '902', may, 60), pt('households', '902', '2022-01-01T00:00:00+07:00', 3000), pt('fibre_pct', '902', may, 90)] }, { key: k2 });
    // District three: May's filing, and fibre only from January: too old for May (older than March), so missing.
    await s.post({ observations: [pt('online_pct', '903', may, 30), pt('fibre_pct', '903', '2022-01-01T00:00:00+07:00', 70)] }, { key: k3 });
    await s.post({ observations: [pt('grdp_digital_pct', '90', '2022-01-01T00:00:00+07:00', 9.5)] }, { key: kh });
    // A July figure lies after May and June and must not count for them.
    await s.post({ observations: [pt('online_pct', '902', '2022-07-01T00:00:00+07:00', 10)] }, { key: k2 });

    const r = await s.get('/api/v1/index/mini?period=2022-05');
    expect(r.status).toBe(200);
    const byArea = Object.fromEntries(r.body.areas.map((a: any) => [a.area, a]));
    expect(r.body.areas.map((a: any) => [a.area, a.rank])).toEqual([
      ['90', null],
      ['902', 1],
      ['903', 2],
      ['901', 3],
    ]);
    // 901: filing 40 against its own ≥ 60 (0.667), fibre 0.5, no GRDP figure at district level → 100 × (2/3·2/3 + 1/3·0.5).
    expect(byArea['901'].score).toBeCloseTo(61.111, 3);
    expect(byArea['901'].coverage).toBeCloseTo(0.6, 9);
    expect(byArea['901'].pillars[1]).toMatchObject({ score: null, indicators: [{ key: 'grdp_digital_pct', missing: 'no-data' }] });
    // 902: 60 against the province's May step ≥ 45 → 1; fibre 0.9.
    expect(byArea['902'].score).toBeCloseTo(96.667, 3);
    // 903: fibre missing, so filing (30 / 45) carries the pillar.
    expect(byArea['903'].score).toBeCloseTo(66.667, 3);
    expect(byArea['903'].pillars[0].indicators[1]).toMatchObject({ key: 'fibre_pct', missing: 'no-data', value: null });
    // Province: filing is the mean 43.33 against 45, fibre the household-weighted 80, GRDP 9.5 against 10.
    const filing = (40 + 60 + 30) / 3 / 45;
    expect(byArea['90'].score).toBeCloseTo(100 * (0.6 * ((2 * filing + 0.8) / 3) + 0.4 * 0.95), 6);
    expect(byArea['90'].pillars[0].indicators[0]).toMatchObject({ target: 45, valueTs: '2022-04-30T17:00:00.000Z' });
  });

  it('explains a change by contributions that sum to it', async () => {
    await s.post({ observations: [pt('online_pct', '901', '2022-06-01T00:00:00+07:00', 54)] }, { key: await s.keyFor('ubnd-901') });
    const r = await s.get('/api/v1/index/mini/why?area=901&from=2022-05&to=2022-06');
    expect(r.status).toBe(200);
    expect(r.body.from.score).toBeCloseTo(61.111, 3);
    // Filing 54 against 60 is 0.9; with no GRDP figure for a district, filing weighs 2/3 of the whole index:
    // 100 × 2/3 × (0.9 − 2/3) more. Fibre is still May's figure.
    expect(r.body.change).toBeCloseTo((100 * 2 * (0.9 - 2 / 3)) / 3, 9);
    expect(r.body.contributions.map((c: any) => c.indicator)).toEqual(['online_pct', 'fibre_pct', 'grdp_digital_pct']);
    const sum = r.body.contributions.reduce((t: number, c: any) => t + c.contribution, 0);
    expect(Math.abs(sum - r.body.change)).toBeLessThan(1e-9);
    expect(r.body.contributions[2]).toMatchObject({ contribution: 0, from: { missing: 'no-data' }, to: { missing: 'no-data' } });
  });

  it('answers bad index requests with a JSON error, never a 500', async () => {
    expect((await s.get('/api/v1/index')).body.indexes.map((c: any) => c.id)).toEqual(['mini']);
    expect((await s.get('/api/v1/index/nope')).status).toBe(404);
    expect((await s.get('/api/v1/index/mini?period=2022-13')).status).toBe(400);
    expect((await s.get('/api/v1/index/mini?period=2999-01')).status).toBe(400);
    expect((await s.get('/api/v1/index/mini?period=2022-05&extra=1')).status).toBe(400);
    expect((await s.get('/api/v1/index/mini/why?from=2022-05&to=2022-06')).status).toBe(400);
    const unknown = await s.get('/api/v1/index/mini/why?area=st-a&from=2022-05&to=2022-06');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details).toEqual({ field: 'area' });
  });
});
