/**
 * The composite index: pick a configuration and a month, see every district ranked, tap one for its
 * breakdown and for why its score moved since the month compared against.
 */
import { useCallback, useState } from 'react';
import { periodLabel, periodStartOf, shiftMonth, type IndexListV1, type IndexResultV1, type WhyV1 } from '../../../shared/plan';
import { commonText, pick, type Lang } from '../../features/i18n/i18n';
import type { CatalogIndex } from '../../features/live/catalogIndex';
import { formatPeriod } from '../../features/live/format';
import { IndexBreakdown } from './IndexBreakdown';
import { IndexRanking } from './IndexRanking';
import { indexText, kpiPageText } from './text';
import type { KpiRoute } from './useKpiRoute';
import { useResource } from './useResource';
import { WhyMoved } from './WhyMoved';
import './KpiIndex.css';

export interface IndexViewProps {
  index: CatalogIndex;
  area: string | null;
  reloadKey: number;
  lang: Lang;
  onNavigate(route: KpiRoute, replace?: boolean): void;
}

type Compare = 'month' | 'year';

/** The current month's reports mostly arrive next month: the last closed month is the one worth reading. */
const lastClosedMonth = () => shiftMonth(periodLabel('month', new Date()), -1);

export function IndexView({ index, area, reloadKey, lang, onNavigate }: IndexViewProps) {
  const t = indexText(lang);
  const root = index.catalog.pack.root;
  const configs = useResource<IndexListV1>('/api/v1/index');
  const [chosen, setChosen] = useState<string | null>(null);
  const [period, setPeriod] = useState(lastClosedMonth);
  const [compare, setCompare] = useState<Compare>('month');
  const list = configs.data?.indexes ?? [];
  const config = list.find((c) => c.id === chosen) ?? list[0];
  const selected = area !== null && index.areas.has(area) ? area : root;
  const base = shiftMonth(period, compare === 'month' ? -1 : -12);
  const id = config ? encodeURIComponent(config.id) : null;
  const result = useResource<IndexResultV1>(id && `/api/v1/index/${id}?period=${period}`, reloadKey);
  const before = useResource<IndexResultV1>(id && `/api/v1/index/${id}?period=${base}`, reloadKey);
  const why = useResource<WhyV1>(id && `/api/v1/index/${id}/why?area=${encodeURIComponent(selected)}&from=${base}&to=${period}`, reloadKey);
  const onSelect = useCallback((code: string) => onNavigate({ view: 'index', area: code === root ? null : code }, true), [onNavigate, root]);

  if (configs.error && !configs.data) return <p className="kpi-notice">{`${kpiPageText(lang).loadFailed}: ${configs.error}`}</p>;
  if (!configs.data) return <p className="kpi-notice">{commonText(lang).loading}</p>;
  if (!config) return <p className="kpi-notice">{t.noIndexes}</p>;
  const score = result.data?.areas.find((a) => a.area === selected);
  const ranked = result.data?.areas.filter((a) => a.rank !== null).length ?? 0;
  const monthName = formatPeriod(periodStartOf('month', period)!.toISOString(), 'P1M', lang);
  const latest = lastClosedMonth();
  return (
    <div className="kpi-index" data-testid="index-view" data-config={config.id} data-period={period}>
      <div className="kpi-index__controls">
        <div className="kpi-segmented" role="group" aria-label={t.ranking}>
          {list.map((c) => (
            <button key={c.id} type="button" aria-pressed={c.id === config.id} onClick={() => setChosen(c.id)} data-testid={`index-config-${c.id}`}>
              {pick(c.name, lang)}
            </button>
          ))}
        </div>
        <div className="kpi-stepper" role="group" aria-label={t.period}>
          <button type="button" onClick={() => setPeriod((p) => shiftMonth(p, -1))} aria-label={t.previous}>
            ‹
          </button>
          <span data-testid="index-period">{monthName}</span>
          <button type="button" onClick={() => setPeriod((p) => shiftMonth(p, 1))} disabled={period >= latest} aria-label={t.next}>
            ›
          </button>
        </div>
        <div className="kpi-segmented" role="group" aria-label={t.why}>
          <button type="button" aria-pressed={compare === 'month'} onClick={() => setCompare('month')}>
            {t.compareMonth}
          </button>
          <button type="button" aria-pressed={compare === 'year'} onClick={() => setCompare('year')}>
            {t.compareYear}
          </button>
        </div>
      </div>
      {config.description && <p className="kpi-index__about">{pick(config.description, lang)}</p>}
      <div className="kpi-index__grid">
        <section className="kpi-panel kpi-index__ranking">
          <h3>
            {t.ranking} · {monthName}
          </h3>
          {result.data ? (
            <IndexRanking index={index} result={result.data} before={before.data} selected={selected} lang={lang} onSelect={onSelect} />
          ) : (
            <p className="kpi-notice">{result.error ?? commonText(lang).loading}</p>
          )}
        </section>
        <section className="kpi-panel kpi-index__detail">
          {score ? <IndexBreakdown index={index} score={score} ranked={ranked} lang={lang} /> : <p className="kpi-notice">{commonText(lang).loading}</p>}
          {why.data && <WhyMoved index={index} why={why.data} lang={lang} />}
        </section>
      </div>
    </div>
  );
}
