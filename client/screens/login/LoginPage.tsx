/** Sign in, then back to the page that asked (`?next=/report`). */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SessionV1 } from '../../../shared/auth';
import { withLang, type Lang } from '../../features/i18n/i18n';
import { ApiError, apiFetch } from '../../features/session/api';
import { fill } from '../../features/session/text';
import { describeError, otherLangHref, safeNext, useSession } from '../../features/session/useSession';
import { loginText } from './text';
import '../../features/session/console.css';
import './LoginPage.css';

/** Where a person goes when no page asked: their own work. */
function homeFor(session: SessionV1): string {
  if (session.user.role === 'admin') return '/admin';
  if (session.user.role === 'reporter' || session.user.role === 'leader') return '/report';
  return '/';
}

function destination(session: SessionV1, lang: Lang): string {
  const next = safeNext(new URLSearchParams(location.search).get('next'));
  if (next) return next;
  return withLang(homeFor(session), lang);
}

export function LoginPage({ lang }: { lang: Lang }) {
  const t = loginText(lang);
  const session = useSession(lang, { redirectIfSignedOut: false });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<'username' | 'password' | null>(null);
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [switching, setSwitching] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${t.pageTitle} — CityOps`;
  }, [t.pageTitle]);

  // Counts the lock-out down on the button, so nobody has to guess when to try again.
  useEffect(() => {
    if (waitUntil === null) return;
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= waitUntil) setWaitUntil(null);
    }, 1000);
    return () => clearInterval(timer);
  }, [waitUntil]);
  const waitSeconds = waitUntil === null ? 0 : Math.max(0, Math.ceil((waitUntil - now) / 1000));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim()) {
      setFieldError('username');
      setError(t.emptyUsername);
      userRef.current?.focus();
      return;
    }
    if (!password) {
      setFieldError('password');
      setError(t.emptyPassword);
      passRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      const signedIn = await apiFetch<SessionV1>('/api/v1/auth/login', { method: 'POST', json: { username: username.trim(), password } });
      location.assign(destination(signedIn, lang));
    } catch (err) {
      setBusy(false);
      setPassword('');
      if (err instanceof ApiError && err.status === 401) setError(t.wrong);
      else if (err instanceof ApiError && err.status === 429) {
        const seconds = err.retryAfterSeconds ?? 60;
        setError(fill(t.tooMany, { seconds }));
        setNow(Date.now());
        setWaitUntil(Date.now() + seconds * 1000);
      } else setError(describeError(err, lang));
      passRef.current?.focus();
    }
  };

  const signedIn = session.state.status === 'signed-in' && !switching ? session.state.session : null;

  return (
    <div className="login-page">
      <main className="login-card">
        <p className="login-card__brand">CityOps</p>
        <h1>{t.pageTitle}</h1>
        {signedIn ? (
          <div data-testid="login-already">
            <p>{fill(t.already, { name: signedIn.user.displayName })}</p>
            <div className="login-card__actions">
              <a className="button" href={destination(signedIn, lang)}>
                {t.continue}
              </a>
              <button type="button" className="button button--quiet" onClick={() => setSwitching(true)}>
                {t.otherAccount}
              </button>
            </div>
          </div>
        ) : (
          <form onSubmit={onSubmit} noValidate data-testid="login-form">
            <p className="login-card__intro">{t.intro}</p>
            {error && (
              <p className="notice notice--error" role="alert" id="login-error" data-testid="login-error">
                {error}
              </p>
            )}
            <label className="field">
              <span>{t.username}</span>
              <input
                ref={userRef}
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                autoFocus
                value={username}
                maxLength={64}
                onChange={(e) => setUsername(e.target.value)}
                aria-invalid={fieldError === 'username' || undefined}
                aria-describedby={error ? 'login-error' : undefined}
                data-testid="login-username"
              />
            </label>
            <label className="field">
              <span>{t.password}</span>
              <input
                ref={passRef}
                name="password"
                type={showPassword ? 'text' : 'password'}
                autoComplete="current-password"
                value={password}
                maxLength={256}
                onChange={(e) => setPassword(e.target.value)}
                aria-invalid={fieldError === 'password' || undefined}
                aria-describedby={error ? 'login-error' : undefined}
                data-testid="login-password"
              />
            </label>
            <label className="login-card__check">
              <input type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} /> {t.showPassword}
            </label>
            <button type="submit" className="button login-card__submit" disabled={busy || waitSeconds > 0} data-testid="login-submit">
              {busy ? t.submitting : waitSeconds > 0 ? fill(t.waitButton, { seconds: waitSeconds }) : t.submit}
            </button>
            <p className="login-card__help muted">{t.forgot}</p>
          </form>
        )}
        <p className="login-card__footer">
          <a href={withLang('/', lang)}>{t.backLive}</a>
          <a href={otherLangHref(lang)} lang={lang === 'vi' ? 'en' : 'vi'}>
            {t.otherLang}
          </a>
        </p>
      </main>
    </div>
  );
}
