import { useEffect } from 'react';
import { commonText, withLang, type Lang } from '../../features/i18n/i18n';
import './NotFoundPage.css';

export function NotFoundPage({ lang }: { lang: Lang }) {
  const t = commonText(lang);
  useEffect(() => {
    document.title = t.notFoundTitle;
  }, [t.notFoundTitle]);
  return (
    <main className="not-found">
      <h1>{t.notFoundTitle}</h1>
      <p>{t.notFoundBody}</p>
      <a href={withLang('/', lang)}>{t.backHome}</a>
    </main>
  );
}
