/** Administration API: unit keys, users, audit log. */
import { z } from 'zod';
import { Role } from './auth';

export interface KeyV1 {
  id: string;
  unit: string;
  label: string | null;
  createdAt: string;
  /** Set while an old key still works after a rotation, or for keys created with an expiry. */
  expiresAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expiring' | 'expired' | 'revoked';
  /** The key this one replaced, when it came from a rotation. */
  rotatedFrom: string | null;
}

/** The one answer that carries a key's secret: at creation or rotation. */
export interface NewKeyV1 {
  key: KeyV1;
  secret: string;
}

export const CreateKeyRequestV1 = z.object({ unit: z.string().min(1), label: z.string().max(100).nullable().default(null) }).strict();
export const RotateKeyRequestV1 = z
  .object({
    /** How long the old key keeps working, so that the unit can switch its machines over. */
    graceHours: z.number().int().min(0).max(24 * 90).default(72),
  })
  .strict();

export const CreateUserRequestV1 = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'letters, digits, ".", "_" or "-", 2–64 characters'),
    displayName: z.string().trim().min(1).max(120),
    role: Role,
    unit: z.string().nullable().default(null),
    password: z.string().min(12, 'at least 12 characters').max(256),
  })
  .strict();
export type CreateUserRequestV1 = z.infer<typeof CreateUserRequestV1>;

export interface AdminUserV1 {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unit: string | null;
  createdAt: string;
  disabledAt: string | null;
}

export interface AuditEntryV1 {
  id: number;
  at: string;
  /** "user:<username>", "key:<id>", "cli", "system", or "anonymous". */
  actor: string;
  action: string;
  target: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  ip: string | null;
  detail: unknown;
}

/** GET /api/v1/admin/audit?limit=&before= (newest first) */
export interface AuditPageV1 {
  entries: AuditEntryV1[];
  /** Pass as `before` for the next page; null at the end. */
  next: number | null;
}
