/**
 * Every 401 (once a key, a session or a password was sent), 403 and 429 goes to the audit log from here,
 * the error handler's one place, with who was refused, for what and from where. Code that refuses may
 * name the action and target with `labelRefusal`; it does not write the log itself.
 */
import type { Request, Response } from 'express';
import { SESSION_COOKIE } from '../../shared/auth';
import type { Refusal, RefusalAudit } from '../audit/refusals';
import { ipOf, principalOf } from '../auth/auth.middleware';
import { actorOf } from '../auth/principal';
import type { AppError } from '../errors';
import type { RefusalLabel } from './refusal-label';

const AUDITED = new Set([401, 403, 429]);
const defaultAction = (status: number) => (status === 401 ? 'auth.refused' : status === 429 ? 'quota.refused' : 'access.refused');

/** The points a write was refused for writing outside its scope, from a batch's or a CSV file's problems. */
function outOfScope(details: unknown): unknown[] | undefined {
  const problems = Array.isArray(details)
    ? details
    : Array.isArray((details as { rows?: unknown } | undefined)?.rows)
      ? (details as { rows: { line: number; problems: unknown[] }[] }).rows.flatMap((r) => r.problems.map((p) => ({ line: r.line, ...(p as object) })))
      : [];
  const found = problems.filter((p) => (p as { reason?: string }).reason === 'out-of-scope');
  return found.length > 0 ? found.slice(0, 50) : undefined;
}

export function refusalOf(err: AppError, req: Request, res: Response): Refusal | undefined {
  if (!AUDITED.has(err.status)) return undefined;
  const label = (res.locals.refusal as RefusalLabel | undefined) ?? {};
  const p = principalOf(res);
  const credential = req.headers.authorization ? 'key' : req.headers.cookie?.includes(`${SESSION_COOKIE}=`) ? 'session' : undefined;
  // A 401 to someone who sent nothing is just "sign in first"; it is not an attempt on anything.
  if (err.status === 401 && !credential && !label.actor) return undefined;
  const claimedKey = p.kind === 'anonymous' && credential === 'key' ? /^\s*Bearer\s+cok_([0-9a-f]{1,32})_/i.exec(req.headers.authorization!)?.[1] : undefined;
  const problems = err.status === 403 ? outOfScope(err.details) : undefined;
  const retryAfter = (err.details as { retryAfter?: number } | undefined)?.retryAfter;
  return {
    actor: label.actor ?? actorOf(p),
    action: label.action ?? defaultAction(err.status),
    outcome: label.outcome ?? 'denied',
    reason: err.code,
    status: err.status,
    method: req.method,
    path: req.path,
    ip: ipOf(req),
    unit: p.kind === 'key' ? p.unit : p.kind === 'user' ? p.user.unit : null,
    target: label.target,
    detail: {
      ...(p.kind === 'anonymous' && credential ? { credential } : {}),
      ...(claimedKey ? { claimedKey } : {}),
      ...(problems ? { outOfScope: problems } : {}),
      ...(retryAfter ? { retryAfter } : {}),
      ...label.detail,
    },
  };
}

/** The error handler's hook: resolves once the refusal is written or counted. */
export const auditRefusals =
  (refusals: RefusalAudit) =>
  async (err: AppError, req: Request, res: Response): Promise<void> => {
    const r = refusalOf(err, req, res);
    if (r) await refusals.record(r);
  };
