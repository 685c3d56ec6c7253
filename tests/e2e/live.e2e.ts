import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts, toLocalIso } from '../../shared/time';
import { launchBrowser, saveScreenshot, watchPage, type PageWatch } from './browser';
import { startE2eServer, type E2eServer } from './server';

const cell = (indicator: string, area: string) => `[data-testid="value-${indicator}-${area}"]`;
const LIVE = '[data-testid="connection-state"][data-state="live"]';

async function textOf(page: Page, selector: string): Promise<string | null> {
  return page.locator(selector).textContent();
}

/** Waits until the element shows exactly `text`; returns how long that took. */
async function waitForText(page: Page, selector: string, text: string, timeout = 5000): Promise<number> {
  const started = Date.now();
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel!)?.textContent === want,
    [selector, text] as const,
    { timeout },
  );
  return Date.now() - started;
}

describe('live page', () => {
  let srv: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    // The district's own office: it may report its one-stop-shop figures for area 794 only.
    srv = await startE2eServer('ubnd-794');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  async function open(path: string): Promise<{ page: Page; watch: PageWatch }> {
    // A browser set to another zone must still show the province's local time.
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, timezoneId: 'America/New_York', locale: 'en-US' });
    const watch = await watchPage(page);
    await page.goto(`${srv.url}${path}`);
    return { page, watch };
  }

  it('shows a district value and the province total seconds after a unit sends them', async () => {
    const { page, watch } = await open('/');
    await page.waitForSelector(LIVE, { timeout: 15_000 });
    expect(await textOf(page, '[data-testid="connection-state"]')).toBe('Trực tuyến');
    expect(await page.locator('h1').textContent()).toContain('Long An');
    expect(await textOf(page, cell('overdue_open_dossiers', '794'))).toBe('chưa có dữ liệu');

    const now = new Date();
    const result = await srv.ingest([
      { indicator: 'overdue_open_dossiers', area: '794', ts: toLocalIso(now), value: 1234 },
      { indicator: 'dossiers_on_time_pct', area: '794', ts: toLocalIso(now), value: 87.5 },
    ]);
    expect(result.accepted).toBe(2);

    const districtMs = await waitForText(page, cell('overdue_open_dossiers', '794'), '1.234');
    // The province figure is derived on the server (a sum, and a mean of one district) and arrives live too.
    await waitForText(page, cell('overdue_open_dossiers', '80'), '1.234');
    await waitForText(page, cell('dossiers_on_time_pct', '794'), '87,5');
    await waitForText(page, cell('dossiers_on_time_pct', '80'), '87,5');
    expect(districtMs).toBeLessThan(3000);

    // A daily figure's period is today's date in Asia/Ho_Chi_Minh, not in the browser's zone.
    const p = localParts(now);
    const today = `${String(p.day).padStart(2, '0')}/${String(p.month).padStart(2, '0')}/${p.year}`;
    const provinceRow = page.locator('tr', { has: page.locator(cell('overdue_open_dossiers', '80')) });
    expect(await provinceRow.locator('td.period').textContent()).toBe(today);
    // Still "no data" where nothing was sent.
    expect(await textOf(page, cell('overdue_open_dossiers', '795'))).toBe('chưa có dữ liệu');

    await page.waitForTimeout(300);
    await saveScreenshot(page, 'live-vi');

    // Each area's own period and source are one click away.
    await provinceRow.locator('button.expander').click();
    const details = page.locator('.details-row');
    await details.waitFor();
    const tanAn = details.locator('tr', { hasText: 'Thành phố Tân An' });
    expect(await tanAn.locator('td.value').textContent()).toBe('1.234');
    expect(await tanAn.locator('td').nth(1).textContent()).toBe(today);
    await saveScreenshot(page, 'live-vi-details');
    // The server runs the build this page came from, so its hello must not make the page reload.
    expect(watch.loads).toBe(1);
    expect(watch.external).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('loads the values already stored when the page opens, in English with ?lang=en', async () => {
    const { page, watch } = await open('/?lang=en');
    await page.waitForSelector(LIVE, { timeout: 15_000 });
    expect(await textOf(page, '[data-testid="connection-state"]')).toBe('Live');
    await waitForText(page, cell('overdue_open_dossiers', '794'), '1,234');
    await waitForText(page, cell('dossiers_on_time_pct', '80'), '87.5');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await saveScreenshot(page, 'live-en');
    expect(watch.external).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('catches up through a new snapshot after the server drops the connection', async () => {
    const { page, watch } = await open('/');
    await page.waitForSelector(LIVE, { timeout: 15_000 });
    srv.server.io.disconnectSockets(true);
    await page.waitForSelector('[data-testid="connection-state"][data-state="reconnecting"]', { timeout: 5000 });
    expect(await textOf(page, '[data-testid="connection-state"]')).toBe('Đang kết nối lại…');
    // Sent while the page is away: only the snapshot it reloads on reconnecting can bring it.
    await srv.ingest([{ indicator: 'overdue_open_dossiers', area: '794', ts: toLocalIso(new Date()), value: 2345 }]);
    await page.waitForSelector(LIVE, { timeout: 15_000 });
    await waitForText(page, cell('overdue_open_dossiers', '794'), '2.345');
    await waitForText(page, cell('overdue_open_dossiers', '80'), '2.345');
    expect(watch.external).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('says so for an unknown address', async () => {
    const { page, watch } = await open('/khong-co-trang-nay');
    await page.waitForSelector('h1');
    expect(await page.locator('h1').textContent()).toBe('Không tìm thấy trang');
    expect(watch.external).toEqual([]);
    await page.close();
  });
});
