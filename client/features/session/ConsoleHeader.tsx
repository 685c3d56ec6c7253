/** The header of the signed-in screens: where you are, who you are, the way out, the other language. */
import { useState } from 'react';
import { ROLE_NAMES, type UserV1 } from '../../../shared/auth';
import { withLang, type Lang } from '../i18n/i18n';
import { sessionText } from './text';
import { otherLangHref } from './useSession';
import './console.css';

export interface ConsoleHeaderProps {
  title: string;
  subtitle?: string;
  user: UserV1;
  lang: Lang;
  active: 'report' | 'admin';
  onSignOut(): Promise<void>;
}

export function ConsoleHeader({ title, subtitle, user, lang, active, onSignOut }: ConsoleHeaderProps) {
  const t = sessionText(lang);
  const [leaving, setLeaving] = useState(false);
  const links = [
    { key: 'live', href: withLang('/', lang), label: t.navLive, show: true },
    { key: 'report', href: withLang('/report', lang), label: t.navReport, show: user.role !== 'viewer' && user.role !== 'operator' },
    { key: 'admin', href: withLang('/admin', lang), label: t.navAdmin, show: user.role === 'admin' },
  ];
  return (
    <header className="console-header">
      <div className="console-header__title">
        <h1>{title}</h1>
        {subtitle && <p data-testid="console-subtitle">{subtitle}</p>}
      </div>
      <nav className="console-header__nav" aria-label="CityOps">
        {links
          .filter((l) => l.show)
          .map((l) => (
            <a key={l.key} href={l.href} aria-current={l.key === active ? 'page' : undefined}>
              {l.label}
            </a>
          ))}
      </nav>
      <div className="console-header__user">
        <span data-testid="signed-in-user" title={`${t.signedInAs} ${user.username}`}>
          <strong>{user.displayName}</strong>
          <small>{ROLE_NAMES[user.role][lang]}</small>
        </span>
        <a className="console-header__lang" href={otherLangHref(lang)} lang={lang === 'vi' ? 'en' : 'vi'}>
          {t.otherLang}
        </a>
        <button
          type="button"
          className="button button--quiet"
          data-testid="sign-out"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            void onSignOut();
          }}
        >
          {leaving ? t.signingOut : t.signOut}
        </button>
      </div>
    </header>
  );
}
