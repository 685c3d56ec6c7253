/**
 * Which view the tablet shows, kept in the address's hash (#index, #roadmap, #indicator/online_filing_pct)
 * so that the browser's back gesture closes a detail and a view can be bookmarked.
 */
import { useCallback, useSyncExternalStore } from 'react';

export type KpiRoute =
  | { view: 'kpis' }
  | { view: 'index'; area: string | null }
  | { view: 'roadmap' }
  | { view: 'indicator'; indicator: string; area: string | null };

export function parseRoute(hash: string): KpiRoute {
  const [view, a, b] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (view === 'index') return { view: 'index', area: a || null };
  if (view === 'roadmap') return { view: 'roadmap' };
  if (view === 'indicator' && a) return { view: 'indicator', indicator: a, area: b || null };
  return { view: 'kpis' };
}

export function routeHash(route: KpiRoute): string {
  switch (route.view) {
    case 'kpis':
      return '#kpis';
    case 'index':
      return route.area ? `#index/${encodeURIComponent(route.area)}` : '#index';
    case 'roadmap':
      return '#roadmap';
    case 'indicator':
      return `#indicator/${encodeURIComponent(route.indicator)}${route.area ? `/${encodeURIComponent(route.area)}` : ''}`;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useKpiRoute(): { route: KpiRoute; onNavigate(route: KpiRoute, replace?: boolean): void } {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  const onNavigate = useCallback((route: KpiRoute, replace = false) => {
    const next = routeHash(route);
    if (next === location.hash) return;
    if (replace) {
      history.replaceState(history.state, '', `${location.pathname}${location.search}${next}`);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } else location.hash = next;
  }, []);
  return { route: parseRoute(hash), onNavigate };
}
