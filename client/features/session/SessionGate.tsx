/**
 * What a signed-in screen shows before it can show itself: checking the session, the way to sign in, a
 * failure with a retry, or why this role may not be here.
 */
import type { ReactNode } from 'react';
import { ROLE_NAMES, type Role, type SessionV1 } from '../../../shared/auth';
import { commonText, withLang, type Lang } from '../i18n/i18n';
import type { Api } from './api';
import { fill, sessionText } from './text';
import { currentPath, loginUrl, type UseSession } from './useSession';
import './console.css';

export interface SessionGateProps {
  lang: Lang;
  session: UseSession;
  /** Roles allowed here; any signed-in person when absent. */
  roles?: readonly Role[];
  children(session: SessionV1, api: Api): ReactNode;
}

export function SessionGate({ lang, session, roles, children }: SessionGateProps) {
  const t = sessionText(lang);
  const { state, api } = session;
  if (state.status === 'loading') {
    return (
      <p className="console-state" role="status" data-testid="session-loading">
        {t.checking}
      </p>
    );
  }
  if (state.status === 'signed-out') {
    return (
      <p className="console-state" role="status" data-testid="session-signed-out">
        {t.redirecting} <a href={loginUrl(currentPath(), lang)}>{t.signIn}</a>
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="console-state console-state--error" role="alert" data-testid="session-error">
        <p>
          {t.sessionFailed}: {state.message}
        </p>
        <button type="button" className="button" onClick={session.onRetry}>
          {commonText(lang).retry}
        </button>
      </div>
    );
  }
  const { user } = state.session;
  if (roles && !roles.includes(user.role)) {
    return (
      <div className="console-state console-state--error" role="alert" data-testid="session-forbidden">
        <h1>{t.forbiddenTitle}</h1>
        <p>{fill(t.forbiddenBody, { roles: roles.map((r) => ROLE_NAMES[r][lang]).join(', '), role: ROLE_NAMES[user.role][lang] })}</p>
        <p>
          <a href={withLang('/', lang)}>{commonText(lang).backHome}</a>
        </p>
      </div>
    );
  }
  return <>{api && children(state.session, api)}</>;
}
