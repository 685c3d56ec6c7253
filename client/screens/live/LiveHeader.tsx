import type { CatalogV1 } from '../../../shared/catalog';
import { pick, type Lang } from '../../features/i18n/i18n';
import { Clock } from '../../features/live/Clock';
import { ConnectionBadge } from '../../features/live/ConnectionBadge';
import type { ConnectionState } from '../../features/live/useLive';
import { liveText } from './text';

export interface LiveHeaderProps {
  catalog: CatalogV1 | null;
  state: ConnectionState;
  dataAsOf: number | null;
  lang: Lang;
}

export function LiveHeader({ catalog, state, dataAsOf, lang }: LiveHeaderProps) {
  const t = liveText(lang);
  return (
    <header className="live-header">
      <div className="live-header__title">
        <h1>{catalog ? pick(catalog.pack.name, lang) : 'CityOps'}</h1>
        <p>{t.pageTitle}</p>
      </div>
      <div className="live-header__status">
        <Clock lang={lang} />
        <ConnectionBadge state={state} dataAsOf={dataAsOf} lang={lang} />
      </div>
    </header>
  );
}
