/**
 * The unit keys this server has checked, kept in memory so that a machine's request does not wait for a
 * lookup of its key. A change to any key — revoked, expired early by a rotation, deleted — is announced by
 * the database once it commits (migration 008), on every server, and each one forgets everything it holds:
 * keys change seldom, and a request after that looks its key up again.
 *
 * Nothing is kept while the announcements might go unheard (the listening connection is lost, or not yet
 * made): every request then asks the database, as it would without a cache. A lookup that was under way
 * when a change was announced is not kept either, since it may have read the key before the change.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/db';
import { findActiveKey, type ActiveKey } from './keys.repo';

/** Where the database announces key changes (see migration 008_key_changes.sql). */
export const KEY_CHANGES_CHANNEL = 'cityops_api_keys';
/** Keys kept at most; past this the cache starts again, so that it stays small whatever is sent. */
const MAX_KEYS = 10_000;

export class KeyCache {
  private readonly keys = new Map<string, ActiveKey>();
  /** Moves on at every change announced, and whenever announcements may have been missed. */
  private generation = 0;
  private listening = false;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  /** Starts listening for changes; until it is, and whenever it is not, keys are looked up every time. */
  async start(): Promise<void> {
    this.unlisten = await this.db.listen(KEY_CHANGES_CHANNEL, {
      notify: () => this.forgetAll(),
      down: (err) => {
        // Said once per outage: when hearing stops, or when the first attempt fails.
        if (this.listening || !this.unlisten) this.log.warn({ err }, 'not hearing key changes: every request looks its key up until they are heard again');
        this.listening = false;
        this.forgetAll();
      },
      up: () => {
        if (this.unlisten) this.log.info('hearing key changes again');
        // What changed while nobody listened is unknown: start empty.
        this.forgetAll();
        this.listening = true;
      },
    });
  }

  async stop(): Promise<void> {
    this.listening = false;
    this.forgetAll();
    await this.unlisten?.();
  }

  /** The key with this secret's hash, if it is neither revoked nor expired. */
  async find(hash: string): Promise<ActiveKey | undefined> {
    const kept = this.keys.get(hash);
    if (kept && (kept.expires_ms === null || kept.expires_ms > Date.now())) return kept;
    if (kept) this.keys.delete(hash);
    const generation = this.generation;
    const found = await findActiveKey(this.db, hash);
    if (found && this.listening && generation === this.generation) {
      if (this.keys.size >= MAX_KEYS) this.keys.clear();
      this.keys.set(hash, found);
    }
    return found;
  }

  /**
   * Forgets every key held. Called when a change is announced, and by this server's own changes right after
   * they commit, so that here they take effect without waiting for the announcement.
   */
  forgetAll(): void {
    this.generation++;
    this.keys.clear();
  }
}
