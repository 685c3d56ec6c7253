/**
 * Pages by path. Links between pages are full page loads, which keeps this a lookup table: a screen is
 * added with one line here and a folder under `screens/`. Each screen loads as its own chunk.
 */
import { Suspense, lazy, type ComponentType } from 'react';
import { commonText, type Lang } from './features/i18n/i18n';

export interface ScreenProps {
  lang: Lang;
}

const routes: Record<string, ComponentType<ScreenProps>> = {
  '/': lazy(() => import('./screens/live/LivePage').then((m) => ({ default: m.LivePage }))),
  '/wall': lazy(() => import('./screens/wall/WallPage').then((m) => ({ default: m.WallPage }))),
  '/kpi': lazy(() => import('./screens/kpi/KpiPage').then((m) => ({ default: m.KpiPage }))),
  '/login': lazy(() => import('./screens/login/LoginPage').then((m) => ({ default: m.LoginPage }))),
  '/report': lazy(() => import('./screens/report/ReportPage').then((m) => ({ default: m.ReportPage }))),
  '/admin': lazy(() => import('./screens/admin/AdminPage').then((m) => ({ default: m.AdminPage }))),
};

const NotFoundPage = lazy(() => import('./screens/not-found/NotFoundPage').then((m) => ({ default: m.NotFoundPage })));

/** "/kpi/" and "/kpi" are the same page. */
export function normalisePath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}

export function App({ path, lang }: { path: string; lang: Lang }) {
  const Screen = routes[normalisePath(path)] ?? NotFoundPage;
  return (
    <Suspense fallback={<p className="app-loading">{commonText(lang).loading}</p>}>
      <Screen lang={lang} />
    </Suspense>
  );
}
