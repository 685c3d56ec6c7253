import { memo } from 'react';
import type { Area, CatalogV1 } from '../../../shared/catalog';
import { pick, type Lang } from '../../features/i18n/i18n';
import { Clock } from '../../features/live/Clock';
import { ConnectionBadge } from '../../features/live/ConnectionBadge';
import type { ConnectionState } from '../../features/live/useLive';
import { wallText } from './text';

export interface WallHeaderProps {
  catalog: CatalogV1;
  province: Area | undefined;
  playlistTitle: string;
  stepTitle: string;
  step: number;
  steps: number;
  intervalSeconds: number;
  state: ConnectionState;
  dataAsOf: number | null;
  lang: Lang;
}

/** The province, what the wall is showing and for how long, the local date and time, and whether it is live. */
export const WallHeader = memo(function WallHeader(props: WallHeaderProps) {
  const { catalog, province, playlistTitle, stepTitle, step, steps, intervalSeconds, state, dataAsOf, lang } = props;
  const t = wallText(lang);
  return (
    <header className="wall-header">
      <div className="wall-header__title">
        <h1>{province ? pick(province.name, lang) : pick(catalog.pack.name, lang)}</h1>
        <p>
          {t.centre} · {pick(catalog.pack.name, lang)}
        </p>
      </div>
      <div className="wall-header__step" data-testid="wall-step" data-step={step}>
        <p className="wall-header__playlist">
          {playlistTitle}
          {steps > 1 && (
            <span className="wall-header__count">
              {' '}
              · {t.step} {step + 1}/{steps}
            </span>
          )}
        </p>
        <p className="wall-header__step-title">{stepTitle}</p>
        {steps > 1 && (
          <div className="wall-header__progress" aria-hidden="true">
            {/* A new key restarts the bar for each step; CSS animates it, no timer per frame. */}
            <span key={`${step}/${steps}`} style={{ animationDuration: `${intervalSeconds}s` }} />
          </div>
        )}
      </div>
      <div className="wall-header__status">
        <Clock lang={lang} />
        <ConnectionBadge state={state} dataAsOf={dataAsOf} lang={lang} />
      </div>
    </header>
  );
});
