/** Administration, for the admin role: unit keys, users, targets, the roadmap and the audit log, one tab each (`?tab=`). */
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { SessionV1 } from '../../../shared/auth';
import { commonText, type Lang } from '../../features/i18n/i18n';
import { useCatalog } from '../../features/live/useCatalog';
import type { Api } from '../../features/session/api';
import { ConsoleHeader } from '../../features/session/ConsoleHeader';
import { SessionGate } from '../../features/session/SessionGate';
import { useSession } from '../../features/session/useSession';
import { AuditSection } from './AuditSection';
import { KeysSection } from './KeysSection';
import { RoadmapSection } from './RoadmapSection';
import { TargetsSection } from './TargetsSection';
import { UsersSection } from './UsersSection';
import { adminText } from './text';
import './AdminPage.css';

const TABS = ['keys', 'users', 'targets', 'roadmap', 'audit'] as const;
type Tab = (typeof TABS)[number];

export function AdminPage({ lang }: { lang: Lang }) {
  const session = useSession(lang);
  return (
    <div className="console-page admin-page">
      <SessionGate lang={lang} session={session} roles={['admin']}>
        {(s, api) => <AdminConsole session={s} api={api} lang={lang} onSignOut={session.onSignOut} />}
      </SessionGate>
    </div>
  );
}

function AdminConsole({ session, api, lang, onSignOut }: { session: SessionV1; api: Api; lang: Lang; onSignOut(): Promise<void> }) {
  const t = adminText(lang);
  const { state: catalogState, onRetry } = useCatalog();
  const [tab, setTab] = useState<Tab>(() => {
    const asked = new URLSearchParams(location.search).get('tab');
    return TABS.includes(asked as Tab) ? (asked as Tab) : 'keys';
  });
  const labels: Record<Tab, string> = { keys: t.tabKeys, users: t.tabUsers, targets: t.tabTargets, roadmap: t.tabRoadmap, audit: t.tabAudit };

  useEffect(() => {
    document.title = `${labels[tab]} — ${t.pageTitle}`;
  });

  const onTab = (next: Tab) => {
    setTab(next);
    const params = new URLSearchParams(location.search);
    params.set('tab', next);
    history.replaceState(null, '', `${location.pathname}?${params.toString()}`);
  };

  // Arrow keys move between tabs, as the WAI-ARIA tabs pattern has it.
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = TABS[(TABS.indexOf(tab) + step + TABS.length) % TABS.length]!;
    onTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };

  const catalog = catalogState.catalog;
  return (
    <>
      <ConsoleHeader title={t.pageTitle} user={session.user} lang={lang} active="admin" onSignOut={onSignOut} />
      <main className="console-main">
        <div className="admin-tabs" role="tablist" aria-label={t.pageTitle} onKeyDown={onKeyDown}>
          {TABS.map((k) => (
            <button
              key={k}
              id={`tab-${k}`}
              type="button"
              role="tab"
              aria-selected={tab === k}
              aria-controls={`panel-${k}`}
              tabIndex={tab === k ? 0 : -1}
              className="admin-tab"
              onClick={() => onTab(k)}
              data-testid={`tab-${k}`}
            >
              {labels[k]}
            </button>
          ))}
        </div>
        <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
          {catalogState.status === 'loading' && <p className="muted">{commonText(lang).loading}</p>}
          {catalogState.status === 'error' && (
            <div className="notice notice--error" role="alert">
              <p>{catalogState.error}</p>
              <button type="button" className="button button--small button--quiet" onClick={onRetry}>
                {commonText(lang).retry}
              </button>
            </div>
          )}
          {catalog && tab === 'keys' && <KeysSection api={api} catalog={catalog} lang={lang} />}
          {catalog && tab === 'users' && <UsersSection api={api} catalog={catalog} lang={lang} />}
          {catalog && tab === 'targets' && <TargetsSection api={api} catalog={catalog} lang={lang} />}
          {catalog && tab === 'roadmap' && <RoadmapSection api={api} catalog={catalog} lang={lang} />}
          {tab === 'audit' && <AuditSection api={api} lang={lang} />}
        </div>
      </main>
    </>
  );
}
