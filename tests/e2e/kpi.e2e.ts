/**
 * The leaders' tablet in Chromium at 1024×768: cards against targets, an indicator's detail, a district's
 * index breakdown, a live update changing a card, and the offline mark. Nothing may leave localhost.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotV1 } from '../../shared/api';
import type { DiscrepanciesV1 } from '../../shared/report';
import { toLocalIso } from '../../shared/time';
import path from 'node:path';
import { SCREENSHOT_DIR, launchBrowser, saveScreenshot, watchPage, type PageWatch } from './browser';
import { startE2eServer, type E2eServer } from './server';

const LIVE = '[data-testid="connection-state"][data-state="live"]';
const card = (key: string) => `[data-testid="kpi-card-${key}"]`;

describe('leaders’ tablet (/kpi)', () => {
  let srv: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    srv = await startE2eServer('ubnd-794');
    // Every unit reports, as in the demo: monthly reports since 2021, a day of hourly counts.
    await srv.seed(1);
    browser = await launchBrowser();
    // A tablet set to another zone must still show the province's local time.
    context = await browser.newContext({ viewport: { width: 1024, height: 768 }, timezoneId: 'America/New_York', locale: 'vi-VN', hasTouch: true });
    page = await context.newPage();
    watch = await watchPage(page);
  });

  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  /** From the top: a full-page screenshot of a scrolled page would draw the sticky header half-way down. */
  async function shot(p: Page, name: string): Promise<void> {
    await p.evaluate(() => window.scrollTo(0, 0));
    await p.waitForTimeout(200);
    await saveScreenshot(p, name);
  }

  /** What a phone shows without scrolling. */
  async function phoneShot(p: Page, name: string): Promise<void> {
    await p.evaluate(() => window.scrollTo(0, 0));
    await p.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
  }

  /** Boxes of the visible touch targets smaller than 44 px either way. */
  async function smallTargets(selector: string): Promise<string[]> {
    return page.$$eval(selector, (els) =>
      els
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.height < 44 || r.width < 44)
        .map(({ el, r }) => `${el.textContent?.trim().slice(0, 30)} ${Math.round(r.width)}×${Math.round(r.height)}`),
    );
  }

  it('opens on KPI cards grouped by pillar, each against its target', async () => {
    // A figure in dispute between two sources. In the Long An pack only a figure without a target has a
    // declared source pair, so the snapshot is given one that names a district figure behind the province's
    // online-filing card, to see the card mark it.
    const snapshot = (await (await fetch(`${srv.url}/api/v1/snapshot`)).json()) as SnapshotV1;
    const filing = snapshot.points.find((p) => p.indicator === 'online_filing_pct' && p.area === '80')!;
    const disputes: DiscrepanciesV1 = {
      discrepancies: [
        {
          indicator: 'online_filing_pct',
          area: '796',
          ts: filing.ts,
          values: [
            { source: 'one-stop-shop', value: 41.2 },
            { source: 'paper-register', value: 47.9 },
          ],
          difference: 6.7,
          allowed: 1,
          status: 'open',
          openedAt: new Date().toISOString(),
          clearedAt: null,
          version: 1,
        },
      ],
    };
    await page.route('**/api/v1/snapshot', async (route) => {
      const real = (await (await route.fetch()).json()) as SnapshotV1;
      await route.fulfill({ json: { ...real, discrepancies: disputes.discrepancies } });
    });

    await page.goto(`${srv.url}/kpi`);
    await page.waitForSelector(LIVE, { timeout: 15_000 });
    await page.waitForSelector(`${card('online_filing_pct')} .sparkline polyline`, { timeout: 15_000 });
    expect(await page.locator('h1').textContent()).toBe('Chỉ tiêu và kế hoạch chuyển đổi số');
    const groups = await page.locator('.kpi-group h2').allTextContents();
    expect(groups).toEqual(expect.arrayContaining(['Chính quyền số', 'Dịch vụ công', 'Kinh tế số', 'Xã hội số']));

    const filingCard = page.locator(card('online_filing_pct'));
    expect(await filingCard.locator('.kpi-card__target').textContent()).toMatch(/^Mục tiêu ≥ \d+(,\d)? %$/);
    expect(await filingCard.getAttribute('data-status')).toMatch(/^(green|amber|red)$/);
    expect(await filingCard.locator('[role="meter"]').getAttribute('aria-valuenow')).toMatch(/^\d+$/);
    expect(await filingCard.locator('.kpi-card__updated').textContent()).toMatch(/^Cập nhật \d\d:\d\d \d\d\/\d\d\/\d{4}$/);
    expect(await filingCard.locator('[data-testid="kpi-disputed-online_filing_pct"]').textContent()).toContain('chênh lệch');
    // Lower is better: at most so many overdue dossiers.
    expect(await page.locator(card('overdue_open_dossiers')).locator('.kpi-card__target').textContent()).toContain('≤');
    expect(await smallTargets('.kpi-card, .kpi-tab, .kpi-lang')).toEqual([]);
    await shot(page, 'kpi-1024-cards');
  });

  it('changes a card when a unit sends a new figure', async () => {
    const value = page.locator('[data-testid="kpi-card-value-online_filing_pct"]');
    const before = await value.textContent();
    // This month's figure from Tân An: the province's value for the month is derived from it and arrives live.
    await srv.ingest([{ indicator: 'online_filing_pct', area: '794', ts: toLocalIso(new Date()), value: 99.9 }]);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === '99,9', '[data-testid="kpi-card-value-online_filing_pct"]', {
      timeout: 5000,
    });
    expect(before).not.toBe('99,9');
    expect(await page.locator(card('online_filing_pct')).getAttribute('data-status')).toBe('green');
    expect(await page.locator(card('online_filing_pct')).locator('.kpi-card__gap').textContent()).toMatch(/^Vượt mục tiêu \d+(,\d)? điểm %$/);
    await shot(page, 'kpi-1024-live-update');
  });

  it('drills into an indicator: districts ranked, map, monthly trend against the target, provenance', async () => {
    await page.locator(card('digitised_dossiers_pct')).tap();
    await page.waitForSelector('[data-testid="kpi-detail"][data-indicator="digitised_dossiers_pct"]');
    const rows = page.locator('[data-testid="kpi-district-list"] button');
    expect(await rows.count()).toBe(16);
    expect(await rows.first().textContent()).toContain('Toàn tỉnh');
    await page.waitForSelector('[data-testid="kpi-trend"] .recharts-line', { timeout: 10_000 });
    expect(Number(await page.locator('[data-testid="kpi-trend"]').getAttribute('data-points'))).toBeGreaterThan(12);
    expect((await page.locator('.recharts-legend-item-text').allTextContents()).sort()).toEqual(['Giá trị', 'Mục tiêu']);
    await page.waitForSelector('[data-testid="kpi-map"] canvas');
    await page.waitForSelector('[data-testid="map-district-796"]', { state: 'attached' });
    expect(await page.locator('[data-testid="kpi-provenance"]').textContent()).toContain('Tổng hợp');
    // Coloured by value on a ramp, or by each district's standing against its target, as the list says.
    expect(await page.locator('[data-testid="map-legend"]').getAttribute('data-scale')).toBe('ramp');
    await page.waitForTimeout(300);
    await page.locator('[data-testid="kpi-map"]').screenshot({ path: path.join(SCREENSHOT_DIR, 'kpi-1024-map-by-value.png') });
    await page.locator('[data-testid="map-mode-target"]').tap();
    expect(await page.locator('[data-testid="kpi-target-legend"]').textContent()).toContain('Chưa đạt');

    // A rural district: its own figure, its own target, its own trend, its reporting unit.
    await page.locator('[data-testid="kpi-district-796"]').tap();
    await page.waitForSelector('[data-testid="kpi-detail"][data-area="796"]');
    await page.waitForSelector('[data-testid="kpi-trend"][data-area="796"] .recharts-line');
    const provenance = await page.locator('[data-testid="kpi-provenance"]').textContent();
    expect(provenance).toContain('UBND huyện Tân Hưng');
    expect(provenance).toMatch(/Nhận lúc\d\d:\d\d \d\d\/\d\d\/\d{4}/);
    expect(await page.locator('[data-testid="kpi-detail-figure"] h3').textContent()).toBe('Huyện Tân Hưng');
    expect(await smallTargets('[data-testid="kpi-district-list"] button, .kpi-back')).toEqual([]);
    await page.waitForTimeout(300);
    await shot(page, 'kpi-1024-detail');
    await page.goBack();
    await page.waitForSelector(card('online_filing_pct'));
  });

  it('opens a district’s index breakdown and why it moved', async () => {
    await page.locator('[data-testid="kpi-tab-index"]').tap();
    await page.waitForSelector('[data-testid="index-ranking"]');
    expect(await page.locator('[data-testid="index-ranking"] button').count()).toBe(16);
    await page.locator('[data-testid="index-row-796"]').tap();
    await page.waitForSelector('[data-testid="index-breakdown"][data-area="796"]');
    // A province-wide figure has no value for a district: left out and said so, not scored 0.
    const cloud = page.locator('[data-testid="index-ind-cloud_systems_pct"]');
    expect(await cloud.getAttribute('data-missing')).toBe('no-data');
    expect(await cloud.textContent()).toContain('Chỉ có ở cấp tỉnh');
    expect(await page.locator('[data-testid="index-coverage"]').textContent()).toContain('không tính là 0');
    await page.waitForSelector('[data-testid="index-why"] .kpi-why__summary');
    const why = (await (await fetch(`${srv.url}/api/v1/index/dti/why?area=796`)).json()) as { change: number; contributions: { contribution: number }[] };
    expect(Math.abs(why.contributions.reduce((s, c) => s + c.contribution, 0) - why.change)).toBeLessThan(1e-9);

    await page.locator('[data-testid="index-config-qd766"]').tap();
    await page.waitForSelector('[data-testid="index-view"][data-config="qd766"] [data-testid="index-pillar-satisfaction"]');
    expect(await page.locator('.kpi-pillar h4').allTextContents()).toEqual([
      'Công khai, minh bạch',
      'Tiến độ giải quyết',
      'Dịch vụ công trực tuyến',
      'Số hóa hồ sơ',
      'Mức độ hài lòng',
    ]);
    await page.locator('[data-testid="index-config-dti"]').tap();
    await page.waitForSelector('[data-testid="index-view"][data-config="dti"] [data-testid="index-breakdown"][data-area="796"]');
    await shot(page, 'kpi-1024-index');
  });

  it('lists the roadmap with overdue tasks first and the KPIs each task moves', async () => {
    await page.locator('[data-testid="kpi-tab-roadmap"]').tap();
    await page.waitForSelector('[data-testid="roadmap-view"] .kpi-task');
    const overdue = await page.locator('.kpi-task').evaluateAll((els) => els.map((e) => e.getAttribute('data-overdue')));
    expect(overdue.length).toBeGreaterThan(20);
    expect(overdue.indexOf('false')).toBe(overdue.lastIndexOf('true') + 1);
    await page.locator('[data-testid="roadmap-unit-so-tttt"]').tap();
    expect(await page.locator('.kpi-task').count()).toBeLessThan(overdue.length);
    await page.locator('[data-testid="roadmap-filter-overdue"]').tap();
    await page.waitForSelector('[data-testid="task-cap-quang-vung-sau"]');
    expect(await page.locator('[data-testid="task-cap-quang-vung-sau"] .kpi-task__kpi').first().textContent()).toContain('cáp quang');
    await shot(page, 'kpi-1024-roadmap');
  });

  it('keeps the last data on screen with a clear offline mark when the network goes', async () => {
    await page.locator('[data-testid="kpi-tab-kpis"]').tap();
    await page.waitForSelector(card('online_filing_pct'));
    await context.setOffline(true);
    const mark = page.locator('[data-testid="kpi-offline"]');
    await mark.waitFor({ timeout: 5000 });
    expect(await mark.locator('strong').textContent()).toMatch(/^Ngoại tuyến — dữ liệu lúc \d\d:\d\d$/);
    expect(await page.locator('[data-testid="kpi-card-value-online_filing_pct"]').textContent()).toBe('99,9');
    // Other views keep what they loaded, too.
    await page.locator('[data-testid="kpi-tab-roadmap"]').tap();
    await page.waitForSelector('[data-testid="roadmap-view"] .kpi-task');
    await page.locator('[data-testid="kpi-tab-kpis"]').tap();
    await page.waitForSelector(`${card('online_filing_pct')} .sparkline polyline`);
    await shot(page, 'kpi-1024-offline');
    await context.setOffline(false);
    await page.waitForSelector(LIVE, { timeout: 30_000 });
    await mark.waitFor({ state: 'detached', timeout: 5000 });
  });

  it('reads in English and fits 1180×820 and a phone', async () => {
    const other = await browser.newPage({ viewport: { width: 1180, height: 820 }, locale: 'en-GB' });
    const w = await watchPage(other);
    await other.goto(`${srv.url}/kpi?lang=en`);
    await other.waitForSelector(`${card('online_filing_pct')} .sparkline polyline`, { timeout: 15_000 });
    expect(await other.locator('[data-testid="kpi-tab-kpis"]').textContent()).toBe('KPIs');
    expect(await other.locator('html').getAttribute('lang')).toBe('en');
    await shot(other, 'kpi-1180-cards-en');
    await other.goto(`${srv.url}/kpi?lang=en#index/802`);
    await other.waitForSelector('[data-testid="index-breakdown"][data-area="802"]');
    await shot(other, 'kpi-1180-index-en');

    await other.setViewportSize({ width: 375, height: 740 });
    const views = { cards: 'kpis', detail: 'indicator/online_filing_pct/794', index: 'index/796', roadmap: 'roadmap' };
    for (const [name, view] of Object.entries(views)) {
      await other.goto(`${srv.url}/kpi#${view}`);
      await other.waitForSelector('.kpi-card .sparkline polyline, .kpi-detail .recharts-line, [data-testid="index-breakdown"], .kpi-task', { timeout: 15_000 });
      const overflow = await other.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, view).toBeLessThanOrEqual(0);
      await phoneShot(other, `kpi-375-${name}`);
    }
    // On a phone the offline mark sits at the bottom of the screen, in sight however far the page scrolls.
    await other.goto(`${srv.url}/kpi#kpis`);
    await other.waitForSelector(`${card('online_filing_pct')} .sparkline polyline`);
    await other.context().setOffline(true);
    await other.waitForSelector('[data-testid="kpi-offline"]');
    await other.evaluate(() => window.scrollTo(0, 900));
    const box = await other.locator('[data-testid="kpi-offline"]').boundingBox();
    expect(box!.y + box!.height).toBeCloseTo(740, 0);
    await other.screenshot({ path: path.join(SCREENSHOT_DIR, 'kpi-375-offline.png') });
    await other.context().setOffline(false);
    expect(w.external).toEqual([]);
    expect(w.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e))).toEqual([]);
    await other.close();

    expect(watch.external).toEqual([]);
    // Going offline makes the page's own requests fail; nothing else may have gone wrong.
    expect(watch.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e))).toEqual([]);
  });
});
