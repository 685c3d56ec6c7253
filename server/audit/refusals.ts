/**
 * Refusals in the audit log without letting a flood of them grow it without bound. The first refusal of
 * a principal for a reason in a minute is written at once; its repeats in that minute are counted here
 * and written as one summary row when the minute ends (or at shutdown). The log stays append-only.
 */
import type { Logger } from 'pino';
import type { Queryable } from '../db/db';
import { audit } from './audit.repo';

export interface Refusal {
  actor: string;
  action: string;
  outcome: 'denied' | 'failed';
  /** The error code the client was answered with. */
  reason: string;
  status: number;
  method: string;
  path: string;
  ip: string | null;
  /** The unit of the key or person refused, when they have one. */
  unit?: string | null;
  target?: string | null;
  /** What the first refusal's row carries besides the above (a unit, problems, the credential sent). */
  detail?: Record<string, unknown>;
}

interface Repeats {
  first: Refusal;
  count: number;
  from: number;
  to: number;
  /** Paths and addresses of the repeats, each capped so that a row stays small. */
  paths: Map<string, number>;
  ips: Map<string, number>;
}

/** Beyond this many principals and reasons in a minute, every further one is counted under "various". */
const MAX_ENTRIES = 1000;
const MAX_LISTED = 10;

const bump = (m: Map<string, number>, k: string) => {
  if (m.has(k)) m.set(k, m.get(k)! + 1);
  else if (m.size < MAX_LISTED) m.set(k, 1);
};

export class RefusalAudit {
  private entries = new Map<string, Repeats | null>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly log: Logger,
    private readonly windowMs = 60_000,
  ) {}

  /** Flushes at each minute's end, on the clock. */
  start(): void {
    const next = () => {
      this.timer = setTimeout(() => {
        void this.flush();
        next();
      }, this.windowMs - (Date.now() % this.windowMs));
      this.timer.unref();
    };
    next();
  }

  /** Resolves once the refusal is written, or counted for the minute's summary. Never throws. */
  async record(r: Refusal): Promise<void> {
    // Without a principal to name, the address is what tells one refuser from another.
    let key = `${r.actor}\u0000${r.action}\u0000${r.reason}${r.actor === 'anonymous' ? `\u0000${r.ip}` : ''}`;
    if (!this.entries.has(key) && this.entries.size >= MAX_ENTRIES) {
      key = `various\u0000${r.action}\u0000${r.reason}`;
      r = { ...r, actor: 'various', detail: { overflow: true } };
    }
    const seen = this.entries.get(key);
    if (seen === undefined) {
      // Claimed before the write, so that parallel refusals count as repeats of this one.
      this.entries.set(key, null);
      await this.write(r, { count: 1 });
      return;
    }
    const now = Date.now();
    const repeats = seen ?? { first: r, count: 0, from: now, to: now, paths: new Map(), ips: new Map() };
    repeats.count++;
    repeats.to = now;
    bump(repeats.paths, `${r.method} ${r.path}`);
    bump(repeats.ips, r.ip ?? '?');
    this.entries.set(key, repeats);
  }

  /** Writes the summaries of the repeats counted so far and starts a new minute. */
  async flush(): Promise<void> {
    const done = this.entries;
    this.entries = new Map();
    for (const repeats of done.values()) {
      if (!repeats) continue;
      const { first } = repeats;
      await this.write(first, {
        count: repeats.count,
        repeats: true,
        from: new Date(repeats.from).toISOString(),
        to: new Date(repeats.to).toISOString(),
        paths: Object.fromEntries(repeats.paths),
        ips: Object.fromEntries(repeats.ips),
      });
    }
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.flush();
  }

  private async write(r: Refusal, counts: Record<string, unknown>): Promise<void> {
    const detail = {
      reason: r.reason,
      status: r.status,
      method: r.method,
      path: r.path,
      ...(r.unit ? { unit: r.unit } : {}),
      ...counts,
      ...(counts.repeats ? {} : r.detail),
    };
    try {
      await audit(this.db, { actor: r.actor, action: r.action, target: r.target ?? `${r.method} ${r.path}`, outcome: r.outcome, ip: r.ip, detail });
    } catch (err) {
      this.log.error({ err, refusal: r, counts }, 'a refusal could not be written to the audit log');
    }
  }
}
