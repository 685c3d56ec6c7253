/** Title, the three tabs, the connection state and the language switch, across the top of every view. */
import { ConnectionBadge } from '../../features/live/ConnectionBadge';
import type { ConnectionState } from '../../features/live/useLive';
import type { Lang } from '../../features/i18n/i18n';
import { kpiPageText } from './text';
import { routeHash, type KpiRoute } from './useKpiRoute';

export interface KpiHeaderProps {
  packName: string | null;
  route: KpiRoute;
  state: ConnectionState;
  dataAsOf: number | null;
  lang: Lang;
}

export function KpiHeader({ packName, route, state, dataAsOf, lang }: KpiHeaderProps) {
  const t = kpiPageText(lang);
  const tabs = [
    { view: 'kpis', href: routeHash({ view: 'kpis' }), label: t.tabKpis, active: route.view === 'kpis' || route.view === 'indicator' },
    { view: 'index', href: routeHash({ view: 'index', area: null }), label: t.tabIndex, active: route.view === 'index' },
    { view: 'roadmap', href: routeHash({ view: 'roadmap' }), label: t.tabRoadmap, active: route.view === 'roadmap' },
  ];
  const hash = routeHash(route);
  return (
    <header className="kpi-header">
      <div className="kpi-header__title">
        <h1>{t.pageTitle}</h1>
        {packName && <p>{packName}</p>}
      </div>
      <nav className="kpi-tabs" aria-label={t.pageTitle}>
        {tabs.map((tab) => (
          <a
            key={tab.view}
            className={tab.active ? 'kpi-tab kpi-tab--active' : 'kpi-tab'}
            href={tab.href}
            aria-current={tab.active ? 'page' : undefined}
            data-testid={`kpi-tab-${tab.view}`}
          >
            {tab.label}
          </a>
        ))}
      </nav>
      <div className="kpi-header__status">
        <ConnectionBadge state={state} dataAsOf={dataAsOf} lang={lang} />
        <a className="kpi-lang" href={`/kpi${lang === 'vi' ? '?lang=en' : ''}${hash}`} lang={lang === 'vi' ? 'en' : 'vi'}>
          {t.otherLang}
        </a>
      </div>
    </header>
  );
}
