/** The province's local time, whatever zone the browser is set to. */
import { useEffect, useState } from 'react';
import type { Lang } from '../i18n/i18n';
import { formatClockTime, formatLongDate } from './format';

export function Clock({ lang }: { lang: Lang }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    // Tick on the second boundary so the seconds do not visibly lag the wall clock.
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      timer = setTimeout(tick, 1000 - (Date.now() % 1000));
    };
    timer = setTimeout(tick, 1000 - (Date.now() % 1000));
    return () => clearTimeout(timer);
  }, []);
  return (
    <time className="clock" dateTime={new Date(now).toISOString()}>
      <span className="clock__time">{formatClockTime(now, lang)}</span>
      <span className="clock__date">{formatLongDate(now, lang)}</span>
    </time>
  );
}
