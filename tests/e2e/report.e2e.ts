/**
 * The reporting console in Chromium against a real server: a reporter of Tân An signs in, sends a figure
 * through the form, uploads a CSV with mistakes, sees every row's problems, fixes the file and writes it;
 * the figures then appear on the live page open beside it. Screenshots of /login, /report and /admin at
 * 1280×800 and 1024×768 go to tests/e2e/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.service';
import { localParts, periodStart, previousPeriod } from '../../shared/time';
import { launchBrowser, saveScreenshot, watchPage, type PageWatch } from './browser';
import { startE2eServer, type E2eServer } from './server';

const REPORTER = { username: 'lan.tanan', displayName: 'Nguyễn Thị Lan', role: 'reporter', unit: 'ubnd-794', password: 'mat-khau-bao-cao-794' };
const ADMIN = { username: 'quantri', displayName: 'Trần Văn Quản', role: 'admin', unit: null, password: 'mat-khau-quan-tri-80' };
const LIVE = '[data-testid="connection-state"][data-state="live"]';
const cell = (indicator: string, area: string) => `[data-testid="value-${indicator}-${area}"]`;
const tid = (id: string) => `[data-testid="${id}"]`;

/** The month the console asks for now: the last one that has ended, in Asia/Ho_Chi_Minh. */
function owedMonth(): string {
  const p = localParts(previousPeriod(periodStart(new Date(), 'P1M'), 'P1M'));
  return `${String(p.month).padStart(2, '0')}/${p.year}`;
}

/** A CSV as vi-VN Excel saves "CSV UTF-8": BOM, semicolons, CRLF, decimal commas. */
const excelCsv = (rows: string[]) => Buffer.from(`\uFEFF${['Mã chỉ tiêu;Địa bàn;Kỳ báo cáo;Giá trị;Nguồn', ...rows].join('\r\n')}\r\n`, 'utf8');

async function waitForText(page: Page, selector: string, text: string, timeout = 5000): Promise<void> {
  await page.waitForFunction(([sel, want]) => document.querySelector(sel!)?.textContent === want, [selector, text] as const, { timeout });
}

/** Errors that mean something broke: the browser's own log line for an expected 401 or 422 answer is not one. */
const realErrors = (watch: PageWatch) => watch.errors.filter((e) => !/Failed to load resource: the server responded with a status of (401|403|422)/.test(e));

describe('reporting console', () => {
  let srv: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    srv = await startE2eServer('ubnd-794');
    await createUser(srv.server.db, srv.server.catalog, REPORTER);
    await createUser(srv.server.db, srv.server.catalog, ADMIN);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  async function open(path: string, viewport = { width: 1280, height: 800 }) {
    const context = await browser.newContext({ viewport, timezoneId: 'America/New_York', locale: 'vi-VN' });
    const page = await context.newPage();
    const watch = await watchPage(page);
    await page.goto(`${srv.url}${path}`);
    return { context, page, watch };
  }

  async function signIn(page: Page, who: { username: string; password: string }) {
    await page.waitForSelector(tid('login-form'));
    await page.fill(tid('login-username'), who.username);
    await page.fill(tid('login-password'), who.password);
    await page.click(tid('login-submit'));
  }

  it('signs a reporter in, takes a figure from the form and a fixed CSV, and the live page shows them', async () => {
    const { context, page, watch } = await open('/report');
    // Signed out: sent to the sign-in page, which will bring the reporter back.
    await page.waitForURL(/\/login\?next=%2Freport$/);
    expect(await page.locator('h1').textContent()).toBe('Đăng nhập');
    await saveScreenshot(page, 'login-1280');

    await signIn(page, { username: REPORTER.username, password: 'sai-mat-khau-roi' });
    await waitForText(page, tid('login-error'), 'Sai tên đăng nhập hoặc mật khẩu.');
    await signIn(page, REPORTER);
    await page.waitForURL(/\/report$/);
    await page.waitForSelector(`${tid('obligations')} table`);
    expect(await page.locator(tid('signed-in-user')).textContent()).toContain('Nguyễn Thị Lan');
    expect(await page.locator(tid('console-subtitle')).textContent()).toBe('UBND thành phố Tân An');
    expect(await page.locator(`${tid('obligation-online_filing_pct-794')} ${tid('obligation-status')}`).textContent()).toMatch(/Đến hạn|Chưa nộp/);

    // The live page beside it, to see the figures arrive.
    const live = await context.newPage();
    const liveWatch = await watchPage(live);
    await live.goto(`${srv.url}/`);
    await live.waitForSelector(LIVE, { timeout: 15_000 });
    expect(await live.locator(cell('online_filing_pct', '794')).textContent()).toBe('chưa có dữ liệu');

    // The form checks as the reporter types: a double dot is refused, a Vietnamese decimal read as it is meant.
    const input = tid('input-online_filing_pct-794');
    const message = tid('input-msg-online_filing_pct-794');
    await page.fill(input, '12..5');
    expect(await page.locator(message).textContent()).toContain('dấu phân cách đặt sai chỗ');
    expect(await page.locator(input).getAttribute('aria-invalid')).toBe('true');
    await page.fill(input, '148,5');
    expect(await page.locator(message).textContent()).toBe('Ngoài khoảng hợp lệ 0 – 100');
    await page.fill(input, '48.5');
    expect(await page.locator(message).textContent()).toBe('Đọc là 48,5');
    await page.fill(input, '48,5');
    expect(await page.locator(message).textContent()).toBe('');
    await page.waitForSelector(`${tid('draft-status')}[data-state="saved"]`, { timeout: 5000 });
    await saveScreenshot(page, 'report-form-1280');

    await page.click(tid('form-submit'));
    await waitForText(page, tid('form-outcome'), 'Đã ghi 1 giá trị: 1 mới hoặc thay đổi, 0 không đổi.');
    await waitForText(live, cell('online_filing_pct', '794'), '48,5');
    // Received now: on time or late depending on today's date against the deadline, but no longer owed.
    await page.waitForFunction(
      (sel) => ['submitted', 'late'].includes(document.querySelector(sel)?.getAttribute('data-status') ?? ''),
      tid('obligation-online_filing_pct-794'),
    );
    expect(await page.locator(input).inputValue()).toBe('');

    // A CSV with mistakes: nothing can be written, and every row says what is wrong with it.
    const month = owedMonth();
    await page.setInputFiles(tid('csv-file-input'), {
      name: 'bao-cao-thang.csv',
      mimeType: 'text/csv',
      buffer: excelCsv([
        `online_payment_pct;794;${month};32,5;`,
        `Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính;Thành phố Tân An;${month};sáu mươi mốt;`,
        `feedback_on_time_pct;794;${month};150;`,
        `digital_signature_docs_pct;Huyện Đức Hòa;${month};70;`,
        `dossiers_on_time_pct;794;Quý 9/2022;90;`,
      ]),
    });
    await page.waitForSelector(`${tid('csv-verdict')}[data-ok="false"]`);
    const problemsOf = (line: number) => page.locator(`${tid(`csv-row-${line}`)} ${tid('csv-problem')}`).evaluateAll((els) => els.map((e) => `${e.getAttribute('data-field')}:${e.getAttribute('data-reason')}`));
    expect(await problemsOf(3)).toEqual(['value:invalid']);
    expect(await problemsOf(4)).toEqual(['value:out-of-range']);
    expect(await problemsOf(5)).toEqual(['area:out-of-scope']);
    expect(await problemsOf(6)).toEqual(['ts:invalid']);
    expect(await page.locator(tid('csv-problem')).count()).toBe(4);
    expect(await page.locator(`${tid('csv-row-3')} ${tid('csv-problem')}`).textContent()).toContain('"sáu mươi mốt"');
    // The server's own checks (range, scope) are said in Vietnamese too.
    expect(await page.locator(`${tid('csv-row-4')} ${tid('csv-problem')}`).textContent()).toContain('150 ngoài khoảng hợp lệ 0 – 100 %');
    expect(await page.locator(`${tid('csv-row-5')} ${tid('csv-problem')}`).textContent()).toContain('không được báo cáo cho địa bàn Huyện Đức Hòa');
    expect(await page.locator(tid('csv-summary')).textContent()).toBe('bao-cao-thang.csv: 5 dòng số liệu, 4 dòng có lỗi. Dấu phân cách: dấu chấm phẩy, có BOM UTF-8.');
    expect(await page.locator(tid('csv-commit')).isDisabled()).toBe(true);
    await page.locator(tid('csv-upload')).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'report-csv-errors-1280');

    // Fixed in Excel and chosen again: valid, written all at once.
    await page.setInputFiles(tid('csv-file-input'), {
      name: 'bao-cao-thang.csv',
      mimeType: 'text/csv',
      buffer: excelCsv([
        `online_payment_pct;794;${month};32,5;`,
        `Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính;Thành phố Tân An;${month};61;`,
        `feedback_on_time_pct;794;${month};95;`,
        `digital_signature_docs_pct;794;${month};70;`,
        `dossiers_on_time_pct;794;${month};90,25;`,
      ]),
    });
    await page.waitForSelector(`${tid('csv-verdict')}[data-ok="true"]`);
    expect(await page.locator(tid('csv-commit')).isDisabled()).toBe(false);
    await page.click(tid('csv-commit'));
    await waitForText(page, tid('csv-outcome'), 'Đã ghi 5 giá trị từ tệp: 5 mới hoặc thay đổi, 0 không đổi.');
    await waitForText(live, cell('online_payment_pct', '794'), '32,5');
    await waitForText(live, cell('digitised_dossiers_pct', '794'), '61,0');
    await waitForText(live, cell('dossiers_on_time_pct', '794'), '90,3');

    // A correction through the form: a new revision, the first one struck through in the history.
    await page.fill(input, '49');
    await page.click(tid('form-submit'));
    await waitForText(page, tid('form-outcome'), 'Đã ghi 1 giá trị: 1 mới hoặc thay đổi, 0 không đổi.');
    await waitForText(live, cell('online_filing_pct', '794'), '49,0');
    await page.waitForSelector(`${tid('history-online_filing_pct-794')}[data-superseded="true"] s`);
    const history = await page.locator(tid('history-online_filing_pct-794')).evaluateAll((rows) =>
      rows.map((r) => [r.getAttribute('data-superseded'), r.querySelector('[data-testid="history-value"]')?.textContent, r.lastElementChild?.textContent]),
    );
    expect(history).toEqual([
      ['false', '49,0', 'lan.tanan'],
      ['true', 'đã được thay bằng phiên bản sau: 48,5', 'lan.tanan'],
    ]);

    // A value typed and left: the draft brings it back after a reload.
    await page.fill(tid('input-feedback_on_time_pct-794'), '96,5');
    await page.waitForSelector(`${tid('draft-status')}[data-state="saved"]`, { timeout: 5000 });
    await page.reload();
    await page.waitForSelector(tid('input-feedback_on_time_pct-794'));
    expect(await page.locator(tid('input-feedback_on_time_pct-794')).inputValue()).toBe('96,5');
    await saveScreenshot(page, 'report-1280');

    await page.setViewportSize({ width: 1024, height: 768 });
    await saveScreenshot(page, 'report-1024');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    expect(watch.external).toEqual([]);
    expect(realErrors(watch)).toEqual([]);
    expect(liveWatch.external).toEqual([]);
    expect(realErrors(liveWatch)).toEqual([]);
    await context.close();
  });

  it('lets an admin create a unit key, shown once, and list users and the audit log', async () => {
    const { context, page, watch } = await open('/admin?lang=en', { width: 1024, height: 768 });
    await page.waitForURL(/\/login\?next=%2Fadmin%3Flang%3Den&lang=en$/);
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    await saveScreenshot(page, 'login-en-1024');
    await signIn(page, ADMIN);
    await page.waitForURL(/\/admin\?lang=en$/);
    await page.waitForSelector(`${tid('keys')} table`);

    await page.selectOption(tid('key-unit'), 'ubnd-795');
    await page.fill(tid('key-label'), 'Máy chủ một cửa');
    await page.click(tid('key-create'));
    await page.waitForSelector(tid('new-key-secret'));
    const secret = await page.locator(tid('new-key-secret')).inputValue();
    expect(secret).toMatch(/^cok_/);
    expect(await page.locator(tid('new-key')).textContent()).toContain('it will not be shown again');
    await saveScreenshot(page, 'admin-new-key-1024');
    // The key works for the ingest API straight away.
    const res = await fetch(`${srv.url}/api/v1/observations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ observations: [{ indicator: 'online_filing_pct', area: '795', ts: new Date().toISOString().replace('Z', '+00:00'), value: 40 }] }),
    });
    expect(res.status).toBe(200);
    await page.click(tid('secret-done'));
    expect(await page.locator(tid('new-key')).count()).toBe(0);

    await page.click(tid('tab-users'));
    await page.waitForSelector(tid('user-lan.tanan'));
    await page.selectOption(tid('user-role'), 'reporter');
    expect(await page.locator(tid('user-unit')).count()).toBe(1);
    await page.selectOption(tid('user-role'), 'leader');
    expect(await page.locator(tid('user-unit')).count()).toBe(0);
    await saveScreenshot(page, 'admin-users-1024');

    await page.click(tid('tab-audit'));
    await page.waitForSelector(`${tid('audit')} table`);
    expect(await page.locator(`${tid('audit')} tbody`).textContent()).toContain('key.create');
    await page.setViewportSize({ width: 1280, height: 800 });
    await saveScreenshot(page, 'admin-audit-1280');

    expect(watch.external).toEqual([]);
    expect(realErrors(watch)).toEqual([]);
    await context.close();
  });

  it('locks the sign-in form after repeated failures and says for how long', async () => {
    const { context, page, watch } = await open('/login');
    for (let i = 0; i < 5; i++) {
      await signIn(page, { username: 'khach.la', password: `doan-mo-${i}` });
      await waitForText(page, tid('login-error'), 'Sai tên đăng nhập hoặc mật khẩu.');
      await page.waitForSelector(`${tid('login-submit')}:not([disabled])`);
    }
    await signIn(page, { username: 'khach.la', password: 'lan-thu-sau' });
    await page.waitForFunction((sel) => /^Đăng nhập sai quá nhiều lần\. Hãy thử lại sau \d+ giây\.$/.test(document.querySelector(sel)?.textContent ?? ''), tid('login-error'));
    expect(await page.locator(tid('login-submit')).isDisabled()).toBe(true);
    expect(await page.locator(tid('login-submit')).textContent()).toMatch(/^Thử lại sau \d+ giây$/);
    expect(watch.errors.filter((e) => !/status of (401|429)/.test(e))).toEqual([]);
    await context.close();
  });

  it('tells a reporter the admin page is not theirs', async () => {
    const { context, page } = await open('/login?next=%2Fadmin');
    await signIn(page, REPORTER);
    await page.waitForSelector(tid('session-forbidden'));
    expect(await page.locator(`${tid('session-forbidden')} h1`).textContent()).toBe('Bạn không có quyền xem trang này');
    await context.close();
  });
});
