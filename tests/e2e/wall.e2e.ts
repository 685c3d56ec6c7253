import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLongDate } from '../../client/features/live/format';
import { STATUS_COLOURS } from '../../client/features/map/palette';
import { toLocalIso } from '../../shared/time';
import { launchBrowser, saveScreenshot, watchPage, type PageWatch } from './browser';
import { startE2eServer, type E2eServer } from './server';

const VIEWPORTS = [
  { name: '1080p', width: 1920, height: 1080 },
  { name: '4k', width: 3840, height: 2160 },
] as const;
type Viewport = (typeof VIEWPORTS)[number];

const LIVE = '[data-testid="connection-state"][data-state="live"]';
const ENVIRONMENT = '/wall?playlist=environment&interval=3600';
const DISTRICTS = Array.from({ length: 15 }, (_, i) => String(794 + i));
/** Where the page may not look: a closed network must not break the wall, and must not be told what it shows. */
const NETWORK_NOISE = /ERR_CONNECTION_REFUSED|WebSocket connection|Failed to load resource/;

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

interface Opened {
  page: Page;
  watch: PageWatch;
  /** Every host the page sent an HTTP request to. */
  hosts: Set<string>;
}

/** The figures a person sees: tiles, ranking, district colours, station values. */
async function readWall(page: Page) {
  return page.evaluate((codes) => {
    const map = window.__cityopsWall!.map;
    const attrs = (sel: string, read: (e: HTMLElement) => unknown[]) => [...document.querySelectorAll<HTMLElement>(sel)].map(read);
    return {
      tiles: attrs('article[data-testid^="kpi-"]', (e) => [e.dataset.testid, e.dataset.status, e.querySelector('.kpi-tile__value')?.textContent]),
      ranking: attrs('[data-testid^="rank-"]', (e) => [e.dataset.testid, e.dataset.status, e.dataset.value]),
      districts: codes.map((id) => {
        const s = map.getFeatureState({ source: 'cityops-areas', id });
        return [id, s.status, s.value];
      }),
      stations: attrs('[data-testid^="map-station-"]:not([hidden])', (e) => [e.dataset.testid, e.dataset.status, e.querySelector('.map-station__value')?.textContent]),
    };
  }, DISTRICTS);
}

/** The colour the map drew at a district's label point (or at a screen point), read from WebGL right after a frame. */
async function mapPixel(page: Page, at: string | { x: number; y: number }): Promise<number[]> {
  return page.evaluate(
    (where) =>
      new Promise<number[]>((resolve) => {
        const wall = window.__cityopsWall!;
        const p = typeof where === 'string' ? wall.map.project(wall.labelPoint(where)!) : where;
        wall.map.once('render', () => {
          const gl = wall.map.getCanvas().getContext('webgl2')!;
          const ratio = wall.map.getPixelRatio();
          const px = new Uint8Array(4);
          gl.readPixels(Math.round(p.x * ratio), Math.round(gl.drawingBufferHeight - p.y * ratio), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
          resolve([px[0]!, px[1]!, px[2]!]);
        });
        wall.map.triggerRepaint();
      }),
    at,
  );
}
const districtPixel = (page: Page, code: string) => mapPixel(page, code);

const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 3);

describe('wall display', () => {
  let srv: E2eServer;
  let browser: Browser;
  let valueSeq = 0;

  beforeAll(async () => {
    // Salinity is measured by the agriculture department's river stations. The server announces the "dev"
    // build, which never asks a page to reload: another test run rebuilding dist/client meanwhile cannot
    // disturb these tests. The reload test restarts it with a real id.
    srv = await startE2eServer('so-nn-ptnt', { env: { BUILD_ID: 'dev' } });
    await srv.seed(2);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  async function open(vp: Viewport, path: string, opts: { clock?: boolean } = {}): Promise<Opened> {
    // A browser set to another zone must still show the province's date and time.
    const page = await browser.newPage({ viewport: { width: vp.width, height: vp.height }, timezoneId: 'America/New_York', locale: 'en-US' });
    const watch = await watchPage(page);
    const hosts = new Set<string>();
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.protocol.startsWith('http')) hosts.add(u.host);
    });
    if (opts.clock) await page.clock.install();
    await page.goto(`${srv.url}${path}`);
    await page.waitForSelector(LIVE, { timeout: 20_000 });
    await page.waitForFunction(() => window.__cityopsWall?.map.loaded() === true && document.querySelector('[data-testid^="kpi-value-"]') !== null, null, {
      timeout: 20_000,
    });
    return { page, watch, hosts };
  }

  function expectNothingWentOut({ watch, hosts }: Opened): void {
    expect(watch.external).toEqual([]);
    expect([...hosts]).toContain(new URL(srv.url).host);
    for (const host of hosts) expect(new URL(`http://${host}`).hostname).toBe('127.0.0.1');
  }

  const realErrors = (watch: PageWatch) => watch.errors.filter((e) => !NETWORK_NOISE.test(e));

  /** A salinity reading at the Tân An station; the server derives district 794 and the province from it. */
  async function sendSalinity(value: number): Promise<void> {
    await srv.ingest([{ indicator: 'salinity', area: 'st-tan-an', ts: toLocalIso(new Date()), value }]);
  }

  describe.each(VIEWPORTS)('at $width×$height', (vp) => {
    it('shows the province live, readable, with nothing fetched from outside', async () => {
      const opened = await open(vp, '/wall?interval=3600');
      const { page, watch } = opened;
      expect(await page.locator('.wall-header h1').textContent()).toBe('Tỉnh Long An');
      expect(await page.locator('.clock__date').textContent()).toBe(formatLongDate(Date.now(), 'vi'));
      expect(await page.locator('[data-testid="connection-state"]').textContent()).toBe('Trực tuyến');
      expect(await page.locator('[data-testid="wall-step"]').textContent()).toContain('Tỷ lệ hồ sơ giải quyết đúng hạn');
      expect(await page.locator('.wall-map__caption').textContent()).toBe('Ranh giới huyện là sơ đồ minh họa, không phải ranh giới chính thức');

      const wall = await readWall(page);
      expect(wall.tiles).toHaveLength(8);
      for (const [, status, value] of wall.tiles) {
        // A unit's monthly report can be missing in the simulated history: then its tile is rightly grey.
        expect(['red', 'amber', 'green', 'none', 'grey']).toContain(status);
        expect(value).not.toBe('—');
      }
      // Every district is coloured, and the canvas shows the colour its status stands for.
      for (const [code, status] of wall.districts) {
        expect(['red', 'amber', 'green', 'grey'], `district ${code}`).toContain(status);
      }
      const [, status794] = wall.districts.find(([c]) => c === '794')!;
      expect(close(await districtPixel(page, '794'), rgb(STATUS_COLOURS[status794 as 'green']))).toBe(true);
      expect(await page.locator('[data-testid="trend-chart"]').getAttribute('data-points')).not.toBe('0');
      expect(await page.locator('[data-testid^="rank-"]').count()).toBe(15);

      // Built for a wall: no scrollbars, no cursor, and a 4K screen scales up rather than shrinking the text.
      const chrome = await page.evaluate(() => ({
        scrolls: document.documentElement.scrollWidth > innerWidth || document.documentElement.scrollHeight > innerHeight,
        cursor: getComputedStyle(document.querySelector('.wall')!).cursor,
        fontPx: parseFloat(getComputedStyle(document.querySelector('.wall')!).fontSize),
      }));
      expect(chrome.scrolls).toBe(false);
      expect(chrome.cursor).toBe('none');
      expect(chrome.fontPx).toBeCloseTo((vp.width / 1920) * 17.28, 1);

      await saveScreenshot(page, `wall-${vp.name}-overview-vi`);
      expectNothingWentOut(opened);
      expect(watch.errors).toEqual([]);
      await page.close();

      const en = await open(vp, `${ENVIRONMENT}&layout=map&lang=en`);
      expect(await en.page.locator('.wall-header h1').textContent()).toBe('Long An Province');
      expect(await en.page.locator('[data-testid="wall-step"]').textContent()).toContain('Salinity on the Vam Co rivers');
      // Six river stations carry salinity; the air-quality stations are not shown for it.
      expect(await en.page.locator('[data-testid^="map-station-"]:not([hidden])').count()).toBe(6);
      await saveScreenshot(en.page, `wall-${vp.name}-environment-map-en`);
      expectNothingWentOut(en);
      expect(en.watch.errors).toEqual([]);
      await en.page.close();
    });

    it('shows a point pushed through the API on the district fill and the tile within 2 s', async () => {
      const opened = await open(vp, ENVIRONMENT);
      const { page, watch } = opened;
      await sendSalinity(0.35);
      await page.waitForFunction(() => window.__cityopsWall!.map.getFeatureState({ source: 'cityops-areas', id: '794' }).value === 0.35, null, { timeout: 5000 });
      const before = await districtPixel(page, '794');
      expect(close(before, rgb(STATUS_COLOURS.green))).toBe(true);
      // Let that change's pulse end, so the one checked below is the next change's.
      await page.waitForFunction(() => window.__cityopsWall!.map.getFeatureState({ source: 'cityops-areas', id: '794' }).pulse !== true, null, {
        timeout: 4000,
      });

      const value = 6 + (++valueSeq % 10) / 10;
      const shown = value.toFixed(2).replace('.', ',');
      const started = Date.now();
      await sendSalinity(value);
      await page.waitForFunction(
        (v) => {
          const s = window.__cityopsWall!.map.getFeatureState({ source: 'cityops-areas', id: '794' });
          return s.value === v && s.status === 'red';
        },
        value,
        { timeout: 2000, polling: 'raf' },
      );
      const after = await districtPixel(page, '794');
      const fillMs = Date.now() - started;
      await page.waitForFunction(
        (text) => {
          const tile = document.querySelector<HTMLElement>('[data-testid="kpi-salinity"]');
          return tile?.dataset.status === 'red' && tile.querySelector('.kpi-tile__value')?.textContent === text;
        },
        shown,
        { timeout: 2000, polling: 'raf' },
      );
      const tileMs = Date.now() - started;
      expect(close(after, rgb(STATUS_COLOURS.red))).toBe(true);
      expect(fillMs).toBeLessThan(2000);
      expect(tileMs).toBeLessThan(2000);

      // The change pulses on the district's outline and the station's label, then the pulse ends by itself.
      const pulsing = await page.evaluate(() => ({
        district: window.__cityopsWall!.map.getFeatureState({ source: 'cityops-areas', id: '794' }).pulse,
        station: document.querySelector('[data-testid="map-station-st-tan-an"] .map-station__box')!.getAnimations().length,
      }));
      expect(pulsing).toEqual({ district: true, station: 1 });
      await page.waitForFunction(() => window.__cityopsWall!.map.getFeatureState({ source: 'cityops-areas', id: '794' }).pulse === false, null, {
        timeout: 4000,
      });

      // The station shows its value, and the ticker names unit, indicator, area, value and time.
      expect(await page.locator('[data-testid="map-station-st-tan-an"] .map-station__value').textContent()).toBe(shown);
      const first = (await page.locator('.ticker__item').first().textContent()) ?? '';
      expect(first).toContain('Trạm Tân An (sông Vàm Cỏ Tây)');
      expect(first).toContain(`${shown} g/L`);
      expect(first).toContain('Độ mặn');
      expect(first).toContain('Sở Nông nghiệp và Phát triển nông thôn');
      expect(first).toMatch(/^\d\d:\d\d:\d\d/);
      await page.waitForTimeout(300);
      await saveScreenshot(page, `wall-${vp.name}-update-vi`);
      console.log(`[${vp.name}] salinity ${shown} g/L: district fill after ${fillMs} ms, tile after ${tileMs} ms`);
      expectNothingWentOut(opened);
      expect(watch.errors).toEqual([]);
      await page.close();
    });

    it('turns a tile grey once its indicator is overdue', async () => {
      // Every salinity station low for this quarter hour, so that the province (the highest station) is
      // green whatever the seeded tide says.
      const scope = srv.server.catalog.units.get('so-nn-ptnt')!;
      const stations = [...srv.server.catalog.areas.values()].filter((a) => a.kind === 'station' && scope.areas.has(a.code));
      const ts = toLocalIso(new Date());
      await srv.ingest(stations.map((a) => ({ indicator: 'salinity', area: a.code, ts, value: 0.42 })));
      await srv.server.derivation.idle();
      const opened = await open(vp, ENVIRONMENT, { clock: true });
      const { page, watch } = opened;
      const tile = page.locator('[data-testid="kpi-salinity"]');
      expect(await tile.getAttribute('data-status')).toBe('green');
      // A 15-minute reading is overdue 35 minutes after its period starts; hourly ones 2 h 15 min after theirs.
      await page.clock.fastForward('00:50:00');
      await page.waitForSelector('[data-testid="kpi-salinity"][data-status="grey"]', { timeout: 5000 });
      expect(await tile.locator('.kpi-tile__status').textContent()).toBe('Quá hạn');
      expect(await page.locator('[data-testid="kpi-aqi"]').getAttribute('data-status')).not.toBe('grey');
      await page.waitForFunction(() => window.__cityopsWall!.map.getFeatureState({ source: 'cityops-areas', id: '794' }).status === 'grey', null, {
        timeout: 5000,
      });
      expect(close(await districtPixel(page, '794'), rgb(STATUS_COLOURS.grey))).toBe(true);
      // The jump also outlived the socket's heartbeat: the wall reconnects by itself, and stays grey.
      await page.waitForSelector(LIVE, { timeout: 20_000 });
      expect(await tile.getAttribute('data-status')).toBe('grey');
      await saveScreenshot(page, `wall-${vp.name}-stale-vi`);
      expectNothingWentOut(opened);
      expect(realErrors(watch)).toEqual([]);
      await page.close();
    });

    it('recovers after the server restarts, without reloading, with the values of a fresh page', async () => {
      const opened = await open(vp, ENVIRONMENT);
      const { page, watch } = opened;
      let bannerText = '';
      await srv.restart(
        {},
        {
          onDown: async () => {
            const banner = page.locator('[data-testid="wall-offline-banner"]');
            await banner.waitFor({ timeout: 10_000 });
            bannerText = (await banner.locator('strong').textContent()) ?? '';
            await saveScreenshot(page, `wall-${vp.name}-offline-vi`);
          },
        },
      );
      expect(bannerText).toMatch(/^Mất kết nối — dữ liệu lúc \d\d:\d\d$/);
      // Sent while the page is still reconnecting: only the snapshot it reloads can bring it.
      const value = 8 + (++valueSeq % 10) / 10;
      await sendSalinity(value);
      await page.waitForSelector(LIVE, { timeout: 20_000 });
      const shown = value.toFixed(2).replace('.', ',');
      await page.waitForFunction((t) => document.querySelector('[data-testid="kpi-value-salinity"]')?.textContent === t, shown, { timeout: 10_000 });
      expect(await page.locator('[data-testid="wall-offline-banner"]').count()).toBe(0);

      const fresh = await open(vp, ENVIRONMENT);
      await fresh.page.waitForFunction((t) => document.querySelector('[data-testid="kpi-value-salinity"]')?.textContent === t, shown, { timeout: 10_000 });
      const [recovered, loaded] = [await readWall(page), await readWall(fresh.page)];
      expect(recovered).toEqual(loaded);
      expect(recovered.districts.find(([c]) => c === '794')).toEqual(['794', 'red', value]);
      expect(watch.loads).toBe(1);
      expectNothingWentOut(opened);
      expect(realErrors(watch)).toEqual([]);
      await fresh.page.close();
      await page.close();
    });
  });

  it('rotates the map, chart, ranking and tiles through the playlist', async () => {
    const opened = await open(VIEWPORTS[0], '/wall?playlist=environment&interval=5');
    const { page } = opened;
    const shownIndicators = () =>
      page.evaluate(() => [
        document.querySelector<HTMLElement>('[data-testid="district-map"]')!.dataset.indicator,
        document.querySelector<HTMLElement>('[data-testid="trend-chart"]')!.dataset.indicator,
        document.querySelector<HTMLElement>('[data-testid="ranking"]')!.dataset.indicator,
      ]);
    expect(await shownIndicators()).toEqual(['salinity', 'salinity', 'salinity']);
    await page.waitForSelector('[data-testid="wall-step"][data-step="1"]', { timeout: 8000 });
    expect(await shownIndicators()).toEqual(['water_level', 'water_level', 'water_level']);
    expect(await page.locator('[data-testid="wall-step"]').textContent()).toContain('Bước 2/4');
    expectNothingWentOut(opened);
    await page.close();
  });

  it('draws a configured basemap under the districts', async () => {
    // A deployment's own style server; here on localhost too, so the closed-network check still holds.
    const style = { version: 8, sources: {}, layers: [{ id: 'basemap', type: 'background', paint: { 'background-color': '#2b4a3c' } }] };
    const styles = createServer((_req, res) => {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(style));
    });
    await new Promise<void>((resolve) => styles.listen(0, '127.0.0.1', resolve));
    const styleUrl = `http://127.0.0.1:${(styles.address() as AddressInfo).port}/style.json`;
    try {
      await srv.restart({ BASEMAP_STYLE_URL: styleUrl });
      const config = (await (await fetch(`${srv.url}/api/v1/wall/config`)).json()) as { basemapStyleUrl?: string };
      expect(config.basemapStyleUrl).toBe(styleUrl);
      const opened = await open(VIEWPORTS[0], ENVIRONMENT);
      const layers = await opened.page.evaluate(() => window.__cityopsWall!.map.getStyle().layers.map((l) => l.id));
      expect(layers[0]).toBe('basemap');
      expect(layers).toEqual(expect.arrayContaining(['cityops-district-fill', 'cityops-province-outline']));
      expect(close(await mapPixel(opened.page, { x: 3, y: 3 }), rgb('#2b4a3c'))).toBe(true);
      await saveScreenshot(opened.page, 'wall-1080p-basemap-vi');
      expectNothingWentOut(opened);
      expect(opened.watch.errors).toEqual([]);
      await opened.page.close();

      // The basemap's server goes away: the wall still draws its districts, on its own background.
      await new Promise((resolve) => styles.close(resolve));
      const without = await open(VIEWPORTS[0], ENVIRONMENT);
      expect(close(await mapPixel(without.page, { x: 3, y: 3 }), rgb('#070c15'))).toBe(true);
      expect(close(await districtPixel(without.page, '794'), rgb(STATUS_COLOURS.red))).toBe(true);
      expect(realErrors(without.watch)).toEqual([]);
      await without.page.close();
    } finally {
      if (styles.listening) styles.close();
      await srv.restart();
    }
  });

  it('reloads itself when the server runs a new version', async () => {
    const { page, watch } = await open(VIEWPORTS[0], ENVIRONMENT);
    expect(watch.loads).toBe(1);
    await srv.restart({ BUILD_ID: 'e2e-next-version' });
    await expect.poll(() => watch.loads, { timeout: 20_000 }).toBe(2);
    await page.waitForSelector(LIVE, { timeout: 20_000 });
    await page.close();
  });
});
