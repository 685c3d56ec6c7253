/** The append-only audit log: who did what, when, from where. */
import type { AuditEntryV1 } from '../../shared/admin';
import type { Queryable } from '../db/db';

export interface AuditEvent {
  actor: string;
  action: string;
  target?: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  ip?: string | null;
  detail?: unknown;
}

export async function audit(db: Queryable, e: AuditEvent): Promise<void> {
  await db.query(`INSERT INTO audit_log (actor, action, target, outcome, ip, detail) VALUES ($1, $2, $3, $4, $5, $6)`, [
    e.actor,
    e.action,
    e.target ?? null,
    e.outcome,
    e.ip ?? null,
    e.detail === undefined ? null : JSON.stringify(e.detail),
  ]);
}

export async function auditPage(db: Queryable, limit: number, before: number | null): Promise<AuditEntryV1[]> {
  const r = await db.query<{ id: string; at: Date; actor: string; action: string; target: string | null; outcome: AuditEntryV1['outcome']; ip: string | null; detail: unknown }>(
    `SELECT id::text AS id, at, actor, action, target, outcome, ip, detail FROM audit_log
     WHERE $2::bigint IS NULL OR audit_log.id < $2 ORDER BY audit_log.id DESC LIMIT $1`,
    [limit, before],
  );
  return r.rows.map((row) => ({ ...row, id: Number(row.id), at: new Date(row.at).toISOString() }));
}
