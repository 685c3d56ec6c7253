/** The live ticker: the last values units sent, newest on top — who, what, where, how much, when. */
import { memo } from 'react';
import { bandOf } from '../../../shared/status';
import { pick, type Lang } from '../i18n/i18n';
import { formatClockTime, formatNumber } from '../live/format';
import type { TickerItem } from './tickerItems';
import { tickerText } from './text';
import './Ticker.css';

export interface TickerProps {
  items: readonly TickerItem[];
  lang: Lang;
}

export const Ticker = memo(function Ticker({ items, lang }: TickerProps) {
  const t = tickerText(lang);
  return (
    <section className="ticker" data-testid="ticker" aria-live="off">
      <h2 className="wall-panel__title">{t.title}</h2>
      {items.length === 0 ? (
        <p className="ticker__empty">{t.empty}</p>
      ) : (
        <ol className="ticker__list">
          {items.map((item) => (
            <li key={item.id} className="ticker__item" data-band={bandOf(item.indicator, item.value) ?? 'none'}>
              <time className="ticker__time">{formatClockTime(item.at, lang)}</time>
              <span className="ticker__area">{pick(item.area.name, lang)}</span>
              <span className="ticker__value">
                {formatNumber(item.value, item.indicator.decimals, lang)} <small>{pick(item.indicator.unit, lang)}</small>
              </span>
              <span className="ticker__what">
                {pick(item.indicator.name, lang)}
                {item.unit && <span className="ticker__unit"> · {pick(item.unit.name, lang)}</span>}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
});
