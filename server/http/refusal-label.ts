/** What code that refuses a request may tell the audit log about it (see refusals.ts, which writes it). */
import type { Response } from 'express';

export interface RefusalLabel {
  /** Who, when the request's principal is not the one refused (a sign-in names its user). */
  actor?: string;
  action?: string;
  outcome?: 'denied' | 'failed';
  target?: string | null;
  detail?: Record<string, unknown>;
}

export function labelRefusal(res: Response, label: RefusalLabel): void {
  res.locals.refusal = { ...(res.locals.refusal as RefusalLabel | undefined), ...label };
}
