/**
 * Runs the live protocol against the server: subscribe, load the snapshot, apply batches, resync after a
 * gap or an unrecovered reconnect, reload the page for a new build. Views are published at most once per
 * animation frame however many batches arrive.
 */
import { io, type Socket } from 'socket.io-client';
import type { SnapshotV1 } from '../../../shared/api';
import type { ClientToServerEvents, HelloV1, ServerToClientEvents, Subscription } from '../../../shared/live';
import type { DiscrepancyV1 } from '../../../shared/report';
import type { PointV1 } from '../../../shared/observations';
import { LiveStore, type RecentChange } from './liveStore';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveView {
  state: ConnectionState;
  /** When the data shown was last known to be current (ms since epoch), or null before the first snapshot. */
  dataAsOf: number | null;
  /** Latest value per `seriesKey`; a new map whenever something changed. */
  points: ReadonlyMap<string, PointV1>;
  recent: readonly RecentChange[];
  /** Open discrepancies by `indicator|area|ts` (shared/report.ts discrepancyKey): those figures are disputed. */
  discrepancies: ReadonlyMap<string, DiscrepancyV1>;
  /** Store version this view was taken at. */
  version: number;
}

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveConnectionOptions {
  subscriptions: Subscription[];
  /** The build this page runs (`__CITYOPS_BUILD__`). */
  build: string;
  createSocket?: () => LiveSocket;
  fetchSnapshot?: (signal: AbortSignal) => Promise<SnapshotV1>;
  /** Called when the server runs another build than this page. */
  onNewBuild?: (serverBuild: string) => void;
  /** How long "reconnecting" lasts before the screen admits it is offline. */
  offlineAfterMs?: number;
}

const SUBSCRIBE_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;

export function needsReload(pageBuild: string, serverBuild: string): boolean {
  return pageBuild !== 'dev' && serverBuild !== 'dev' && pageBuild !== serverBuild;
}

export async function fetchSnapshot(signal: AbortSignal): Promise<SnapshotV1> {
  const res = await fetch('/api/v1/snapshot', { cache: 'no-store', signal });
  if (!res.ok) throw new Error(`snapshot: HTTP ${res.status}`);
  const body = (await res.json()) as SnapshotV1;
  if (body.v !== 1 || !Array.isArray(body.points)) throw new Error('snapshot: unexpected payload');
  return body;
}

const defaultSocket = (): LiveSocket => io({ transports: ['websocket', 'polling'], tryAllTransports: true, autoConnect: false });

export class LiveConnection {
  readonly store = new LiveStore();
  private socket: LiveSocket | null = null;
  private view: LiveView;
  private listeners = new Set<() => void>();
  private frame: number | null = null;
  /** Bumped by every resync and by stop(): an older resync that wakes up sees it is stale and quits. */
  private generation = 0;
  private abort: AbortController | null = null;
  private awaitingSnapshot = true;
  private everLive = false;
  private offline = false;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  private cleanups: (() => void)[] = [];

  constructor(private readonly opts: LiveConnectionOptions) {
    this.view = this.takeView();
  }

  getView = (): LiveView => this.view;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  start(): void {
    if (this.socket) return;
    const socket = (this.opts.createSocket ?? defaultSocket)();
    this.socket = socket;
    socket.on('connect', () => {
      // A recovered session kept its rooms and got the packets it missed: nothing to reload.
      if (socket.recovered && this.store.hasSnapshot && !this.store.isLoading) this.refresh();
      else void this.resync('connect');
    });
    // One pending retry at most, so that a wall seeing many server restarts keeps nothing per restart.
    let retry: ReturnType<typeof setTimeout> | undefined;
    this.cleanups.push(() => clearTimeout(retry));
    socket.on('disconnect', (reason) => {
      // The server said goodbye (a restart or deployment): socket.io does not retry that by itself.
      if (reason === 'io server disconnect') {
        clearTimeout(retry);
        retry = setTimeout(() => socket.connect(), 1000 + Math.random() * 2000);
      }
      this.refresh();
    });
    // A handshake the server refused (its database unreachable) is not retried by socket.io either: try
    // again after the server's Retry-After, so a wall comes back by itself once the database does.
    socket.on('connect_error', (err: Error & { data?: { code?: string; retryAfter?: number } }) => {
      if (!socket.active && err.data?.code === 'unavailable') {
        const waitMs = (err.data.retryAfter ?? 5) * 1000 * (1 + Math.random() / 2);
        clearTimeout(retry);
        retry = setTimeout(() => socket.connect(), waitMs);
      }
      this.refresh();
    });
    socket.on('hello:v1', (hello: HelloV1) => {
      if (needsReload(this.opts.build, hello.build)) this.opts.onNewBuild?.(hello.build);
    });
    socket.on('live:batch:v1', (batch) => {
      if (this.store.applyBatch(batch).gap) void this.resync('gap');
    });
    const unsubscribeStore = this.store.subscribe(() => this.schedule());
    const goneOffline = () => {
      this.offline = true;
      this.refresh();
    };
    window.addEventListener('offline', goneOffline);
    this.cleanups.push(unsubscribeStore, () => window.removeEventListener('offline', goneOffline));
    socket.connect();
    this.refresh();
  }

  stop(): void {
    this.generation++;
    this.abort?.abort();
    for (const c of this.cleanups.splice(0)) c();
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }

  /**
   * Subscribe first, then read the snapshot: every batch after the snapshot's position then reaches us,
   * and the store holds the ones that arrive before the snapshot does.
   */
  private async resync(reason: 'connect' | 'gap'): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    const gen = ++this.generation;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    if (reason === 'connect') this.awaitingSnapshot = true;
    this.refresh();
    for (let attempt = 0; gen === this.generation; attempt++) {
      if (attempt > 0) await delay(Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt) * (0.5 + Math.random() / 2));
      if (gen !== this.generation) return;
      this.store.beginSnapshot();
      try {
        const ack = await socket.timeout(SUBSCRIBE_TIMEOUT_MS).emitWithAck('live:subscribe:v1', { subscriptions: this.opts.subscriptions });
        if (!ack.ok) throw new Error(`subscribe: ${ack.error.message}`);
        const snapshot = await (this.opts.fetchSnapshot ?? fetchSnapshot)(abort.signal);
        if (gen !== this.generation) return;
        // Batches held while loading may reveal a gap of their own: go round again.
        if (this.store.loadSnapshot(snapshot).gap) continue;
        this.awaitingSnapshot = false;
        this.refresh();
        return;
      } catch {
        if (gen !== this.generation) return;
        this.store.cancelSnapshot();
      }
    }
  }

  private computeState(): ConnectionState {
    if (this.socket?.connected && this.store.hasSnapshot && !this.awaitingSnapshot) return 'live';
    if (this.offline) return 'offline';
    return this.everLive ? 'reconnecting' : 'connecting';
  }

  /** Re-derives the connection state and arms or clears the offline timer. */
  private refresh(): void {
    const state = this.computeState();
    if (state === 'live') {
      this.everLive = true;
      this.offline = false;
      if (this.offlineTimer) clearTimeout(this.offlineTimer);
      this.offlineTimer = null;
    } else if (!this.offline && !this.offlineTimer) {
      this.offlineTimer = setTimeout(() => {
        this.offlineTimer = null;
        this.offline = true;
        this.refresh();
      }, this.opts.offlineAfterMs ?? 15_000);
    }
    if (state !== this.view.state) this.schedule();
  }

  private schedule(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.view = this.takeView();
      for (const l of this.listeners) l();
    });
  }

  private takeView(): LiveView {
    const { store } = this;
    return {
      state: this.computeState(),
      dataAsOf: store.dataAsOf,
      points: store.points,
      recent: store.recent,
      discrepancies: store.discrepancies,
      version: store.version,
    };
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
