/**
 * Endurance of the wall display: a server (no simulator, seeded once), /wall open in Chromium at
 * 1920×1080 rotating through its playlist, and units pushing 200 updates/s through the ingest API for N
 * minutes — districts, river and air stations, hourly, daily and monthly figures, so the map, the tiles,
 * the ranking and the ticker all move. The JS heap is read over CDP after a forced GC at the start of the
 * run and every minute; a wall that leaks grows here.
 *
 *   npx tsx bench/wall-endurance.ts --minutes 10 [--rate 200] [--interval 20] [--skip-build]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { toLocalIso } from '../shared/time';
import type { ObservationInput } from '../shared/observations';
import { launchBrowser, watchPage } from '../tests/e2e/browser';
import { startE2eServer, type E2eServer } from '../tests/e2e/server';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '200' },
    interval: { type: 'string', default: '20' },
    'warmup-seconds': { type: 'string', default: '30' },
    'skip-build': { type: 'boolean', default: false },
  },
});
const MINUTES = Number(args.minutes);
const RATE = Number(args.rate);
const TICK_MS = 100;
const PER_TICK = Math.round((RATE * TICK_MS) / 1000);
const MAX_ROUNDS = 4;
const repo = fileURLToPath(new URL('..', import.meta.url));

interface Series {
  unit: string;
  indicator: string;
  area: string;
  low: number;
  high: number;
  decimals: number;
  value: number;
}

const DISTRICTS = Array.from({ length: 15 }, (_, i) => String(794 + i));
const RIVER_STATIONS = ['st-tan-an', 'st-tuyen-nhon', 'st-nhut-tan', 'st-ben-luc', 'st-hiep-hoa', 'st-cau-noi'];
const AIR_STATIONS = ['st-tan-an', 'st-ben-luc', 'st-kcn-duc-hoa', 'st-long-hau'];

/** Realistic ranges, so statuses change between green, amber and red as they would on a bad day. */
function workload(): Series[] {
  const s = (unit: string, indicator: string, areas: string[], low: number, high: number, decimals: number) =>
    areas.map((area) => ({ unit, indicator, area, low, high, decimals, value: (low + high) / 2 }));
  return [
    ...s('so-nn-ptnt', 'salinity', RIVER_STATIONS, 0, 8, 2),
    ...s('so-nn-ptnt', 'water_level', RIVER_STATIONS, 0.4, 1.9, 2),
    ...s('so-tn-mt', 'pm25', AIR_STATIONS, 5, 90, 1),
    ...s('so-tn-mt', 'aqi', AIR_STATIONS, 20, 220, 0),
    ...s('vp-ubnd', 'dossiers_received', DISTRICTS, 0, 400, 0),
    ...s('vp-ubnd', 'online_dossiers_filed', DISTRICTS, 0, 200, 0),
    ...s('vp-ubnd', 'overdue_open_dossiers', DISTRICTS, 0, 60, 0),
    ...s('vp-ubnd', 'dossiers_on_time_pct', DISTRICTS, 85, 100, 1),
    ...s('vp-ubnd', 'online_filing_pct', DISTRICTS, 20, 90, 1),
    ...s('vp-ubnd', 'online_payment_pct', DISTRICTS, 10, 70, 1),
  ];
}

/** A random walk that always moves, so every point is a new revision the server broadcasts. */
function step(series: Series): number {
  const span = series.high - series.low;
  const unit = 10 ** -series.decimals;
  let next = series.value + (Math.random() - 0.5) * span * 0.2;
  next = Math.min(series.high, Math.max(series.low, next));
  next = Math.round(next / unit) * unit;
  if (next === series.value) next = series.value + (series.value + unit <= series.high ? unit : -unit);
  series.value = Number(next.toFixed(series.decimals));
  return series.value;
}

interface Sample {
  minute: number;
  heapMB: number;
  totalMB: number;
  nodes: number;
  listeners: number;
  fps: number;
  longestFrameMs: number;
}

async function heap(cdp: CDPSession): Promise<Omit<Sample, 'minute' | 'fps' | 'longestFrameMs'>> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? NaN;
  return {
    heapMB: m('JSHeapUsedSize') / 2 ** 20,
    totalMB: m('JSHeapTotalSize') / 2 ** 20,
    nodes: m('Nodes'),
    listeners: m('JSEventListeners'),
  };
}

/**
 * Frames the page painted over two seconds, and the longest gap between two: a frozen page shows here.
 * Sent as source text: tsx would wrap a named inner function in a helper the page does not have.
 */
const FRAMES_SCRIPT = `new Promise((resolve) => {
  const start = performance.now();
  let last = start, count = 0, longest = 0;
  const tick = (t) => {
    count++;
    longest = Math.max(longest, t - last);
    last = t;
    if (t - start < 2000) requestAnimationFrame(tick);
    else resolve({ fps: (count * 1000) / (t - start), longestFrameMs: longest });
  };
  requestAnimationFrame(tick);
})`;

async function frames(page: Page): Promise<{ fps: number; longestFrameMs: number }> {
  return page.evaluate(FRAMES_SCRIPT) as Promise<{ fps: number; longestFrameMs: number }>;
}

class Pusher {
  sent = 0;
  failed = 0;
  /** Ticks whose points waited for the previous requests and went out with the next tick. */
  deferred = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Requests, and ticks whose requests have not all been answered. */
  private inFlight = 0;
  private roundsInFlight = 0;
  private owed = 0;
  private next = 0;

  constructor(
    private readonly srv: E2eServer,
    private readonly series: Series[],
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async drain(): Promise<void> {
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 50));
  }

  private tick(): void {
    // At most MAX_ROUNDS ticks' requests at a time: when the server is slower than that, the points owed pile
    // up and go out together, so the average rate holds without an ever-growing queue of requests.
    this.owed += PER_TICK;
    if (this.roundsInFlight >= MAX_ROUNDS) {
      this.deferred++;
      return;
    }
    const count = Math.min(this.owed, PER_TICK * 20);
    this.owed -= count;
    const ts = toLocalIso(new Date());
    const byUnit = new Map<string, Map<string, ObservationInput>>();
    for (let i = 0; i < count; i++) {
      const s = this.series[this.next++ % this.series.length]!;
      const list = byUnit.get(s.unit) ?? new Map<string, ObservationInput>();
      // A series twice in one batch: the later value wins, as it would on the server.
      list.set(`${s.indicator}|${s.area}`, { indicator: s.indicator, area: s.area, ts, value: step(s) });
      byUnit.set(s.unit, list);
    }
    this.roundsInFlight++;
    const round = [...byUnit].map(([unit, points]) => {
      const observations = [...points.values()];
      this.inFlight++;
      return this.srv
        .ingestAs(unit, observations)
        .then(
          () => (this.sent += observations.length),
          () => (this.failed += observations.length),
        )
        .finally(() => this.inFlight--);
    });
    void Promise.all(round).finally(() => this.roundsInFlight--);
  }
}

const fmt = (n: number, d = 1) => n.toFixed(d);

async function main(): Promise<void> {
  if (!args['skip-build']) {
    console.log('building the client…');
    await build({ configFile: path.join(repo, 'vite.config.ts'), root: path.join(repo, 'client'), logLevel: 'warn' });
  }
  const srv = await startE2eServer('vp-ubnd');
  console.log(`server on ${srv.url}; seeding a day of history…`);
  await srv.seed(1);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const watch = await watchPage(page);
  await page.goto(`${srv.url}/wall?interval=${args.interval}`);
  await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 30_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.enable');
  const idle = await heap(cdp);
  console.log(`idle wall: ${fmt(idle.heapMB)} MB heap, ${idle.nodes} DOM nodes, ${idle.listeners} listeners`);

  const pusher = new Pusher(srv, workload());
  pusher.start();
  const warmup = Number(args['warmup-seconds']);
  console.log(`pushing ${RATE} updates/s; ${warmup} s warm-up, then ${MINUTES} min measured`);
  await new Promise((r) => setTimeout(r, warmup * 1000));

  const samples: Sample[] = [];
  const sample = async (minute: number) => {
    const s: Sample = { minute, ...(await heap(cdp)), ...(await frames(page)) };
    samples.push(s);
    console.log(
      `min ${String(minute).padStart(2)}  heap ${fmt(s.heapMB)} MB (total ${fmt(s.totalMB)})  nodes ${s.nodes}  listeners ${s.listeners}  ` +
        `${fmt(s.fps, 0)} fps, longest frame ${fmt(s.longestFrameMs, 0)} ms  sent ${pusher.sent}`,
    );
  };
  const started = Date.now();
  const sentAtStart = pusher.sent;
  await sample(0);
  for (let minute = 1; minute <= MINUTES; minute++) {
    await new Promise((r) => setTimeout(r, Math.max(0, started + minute * 60_000 - Date.now())));
    await sample(minute);
  }
  const elapsed = (Date.now() - started) / 1000;
  const achieved = (pusher.sent - sentAtStart) / elapsed;
  pusher.stop();
  await pusher.drain();
  await new Promise((r) => setTimeout(r, 5000));
  const quiet = await heap(cdp);

  const before = samples[0]!;
  const after = samples[samples.length - 1]!;
  const max = samples.reduce((a, b) => (b.heapMB > a.heapMB ? b : a));
  const summary = {
    minutes: MINUTES,
    targetRate: RATE,
    achievedRate: Number(fmt(achieved)),
    pointsSent: pusher.sent,
    pointsFailed: pusher.failed,
    ticksDeferred: pusher.deferred,
    heapBeforeMB: Number(fmt(before.heapMB, 2)),
    heapAfterMB: Number(fmt(after.heapMB, 2)),
    heapMaxMB: Number(fmt(max.heapMB, 2)),
    heapAfterQuietMB: Number(fmt(quiet.heapMB, 2)),
    ratioAfterBefore: Number(fmt(after.heapMB / before.heapMB, 3)),
    domNodesBeforeAfter: [before.nodes, after.nodes],
    listenersBeforeAfter: [before.listeners, after.listeners],
    minFps: Number(fmt(Math.min(...samples.map((s) => s.fps)), 1)),
    longestFrameMs: Number(fmt(Math.max(...samples.map((s) => s.longestFrameMs)), 0)),
    pageReloads: watch.loads - 1,
    pageErrors: watch.errors.length,
    externalRequests: watch.external.length,
  };
  console.log('\nsummary');
  console.log(JSON.stringify(summary, null, 2));
  await browser.close();
  await srv.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
