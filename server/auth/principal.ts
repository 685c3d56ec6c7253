/** Who is making a request: a person with a session, a unit's key, or nobody. */
import type { UserV1 } from '../../shared/auth';

export type Principal =
  | { kind: 'user'; user: UserV1; csrfToken: string; sessionHash: string }
  | { kind: 'key'; keyId: string; unit: string }
  | { kind: 'anonymous' };

/** How the principal is written in the audit log and in a figure's provenance. */
export function actorOf(p: Principal): string {
  switch (p.kind) {
    case 'user':
      return `user:${p.user.username}`;
    case 'key':
      return `key:${p.keyId}`;
    case 'anonymous':
      return 'anonymous';
  }
}
