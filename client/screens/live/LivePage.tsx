/** The live figures page: every indicator for the province and each district, updating as units report. */
import { useEffect, useMemo } from 'react';
import { commonText, pick, type Lang } from '../../features/i18n/i18n';
import { indexCatalog } from '../../features/live/catalogIndex';
import { useCatalog } from '../../features/live/useCatalog';
import { useLive } from '../../features/live/useLive';
import { IndicatorTable } from './IndicatorTable';
import { LiveHeader } from './LiveHeader';
import { RecentFeed } from './RecentFeed';
import { liveText } from './text';
import './LivePage.css';

export function LivePage({ lang }: { lang: Lang }) {
  const t = liveText(lang);
  const { state: catalogState, onRetry } = useCatalog();
  const live = useLive();
  const catalog = catalogState.catalog;
  const index = useMemo(() => (catalog ? indexCatalog(catalog) : null), [catalog]);

  useEffect(() => {
    document.title = catalog ? `${t.pageTitle} — ${pick(catalog.pack.name, lang)}` : t.pageTitle;
  }, [catalog, lang, t.pageTitle]);

  return (
    <div className="live-page">
      <LiveHeader catalog={catalog} state={live.state} dataAsOf={live.dataAsOf} lang={lang} />
      <main className="live-main">
        {catalogState.status === 'loading' && <p className="notice">{t.loadingCatalog}</p>}
        {catalogState.status === 'error' && (
          <div className="notice notice--error" role="alert">
            <p>
              {t.catalogFailed}: {catalogState.error}
            </p>
            <button type="button" onClick={onRetry}>
              {commonText(lang).retry}
            </button>
          </div>
        )}
        {index && index.catalog.indicators.length === 0 && <p className="notice">{t.noIndicators}</p>}
        {index && index.catalog.indicators.length > 0 && (
          <>
            {live.dataAsOf === null && <p className="notice">{t.waitingSnapshot}</p>}
            {live.dataAsOf !== null && live.points.size === 0 && <p className="notice">{t.noDataYet}</p>}
            <RecentFeed index={index} recent={live.recent} lang={lang} />
            <IndicatorTable index={index} points={live.points} discrepancies={live.discrepancies} recent={live.recent} lang={lang} />
          </>
        )}
      </main>
    </div>
  );
}
