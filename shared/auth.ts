/** People, roles and sessions: the shapes that cross the wire. */
import { z } from 'zod';

export const ROLES = ['admin', 'operator', 'leader', 'reporter', 'viewer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** What each role may do, in words, for screens that explain a refusal. */
export const ROLE_NAMES: Record<Role, { vi: string; en: string }> = {
  admin: { vi: 'Quản trị', en: 'Administrator' },
  operator: { vi: 'Trực vận hành', en: 'Operator' },
  leader: { vi: 'Lãnh đạo', en: 'Leader' },
  reporter: { vi: 'Cán bộ báo cáo', en: 'Reporter' },
  viewer: { vi: 'Xem', en: 'Viewer' },
};

export interface UserV1 {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** The unit a reporter reports for; null for other roles. */
  unit: string | null;
}

/** GET /api/v1/auth/me and POST /api/v1/auth/login. */
export interface SessionV1 {
  user: UserV1;
  /** Send as the X-CSRF-Token header on every POST, PUT, PATCH and DELETE made with the session cookie. */
  csrfToken: string;
}

export const LoginRequestV1 = z
  .object({
    username: z.string().trim().min(1, 'enter a user name').max(64),
    password: z.string().min(1, 'enter a password').max(256),
  })
  .strict();
export type LoginRequestV1 = z.infer<typeof LoginRequestV1>;

export const SESSION_COOKIE = 'cityops_session';
export const CSRF_HEADER = 'x-csrf-token';
