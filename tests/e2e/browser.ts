/** Chromium for the e2e tests, and the checks every page gets: nothing leaves localhost, no script errors. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function isLocal(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return LOCAL_HOSTS.has(u.hostname);
}

export interface PageWatch {
  /** URLs the page tried to reach outside localhost (blocked). */
  external: string[];
  /** Uncaught exceptions and console errors. */
  errors: string[];
  /** Page loads of the main frame: more than one means the page reloaded itself. */
  loads: number;
}

/**
 * A government screen must work on a closed network and must not leak who looks at what: every request
 * and WebSocket is checked, and anything non-local is blocked and recorded.
 */
export async function watchPage(page: Page): Promise<PageWatch> {
  const watch: PageWatch = { external: [], errors: [], loads: 0 };
  page.on('load', () => watch.loads++);
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    watch.external.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('request', (req) => {
    if (!isLocal(req.url()) && !watch.external.includes(req.url())) watch.external.push(req.url());
  });
  page.on('websocket', (ws) => {
    if (!isLocal(ws.url())) watch.external.push(ws.url());
  });
  page.on('pageerror', (err) => watch.errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') watch.errors.push(msg.text());
  });
  return watch;
}
