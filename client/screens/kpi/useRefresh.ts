/** When the tablet's data should be read again: on coming back online, and now and then while figures move. */
import { useEffect, useRef, useState } from 'react';
import type { ConnectionState } from '../../features/live/useLive';

/** Goes up each time the live feed is back after being away (not on the first connection). */
export function useReconnects(state: ConnectionState): number {
  const [count, setCount] = useState(0);
  const wasLive = useRef<boolean | null>(null);
  useEffect(() => {
    const live = state === 'live';
    if (live && wasLive.current === false) setCount((n) => n + 1);
    if (live || wasLive.current !== null) wasLive.current = live;
  }, [state]);
  return count;
}

/**
 * Follows `version` (the live store's), but at most once every `everyMs`: a figure derived from many
 * (the index, the discrepancies) is read again after the flood, not for every point in it.
 */
export function useSettled(version: number, everyMs: number): number {
  const [shown, setShown] = useState(version);
  const latest = useRef(version);
  useEffect(() => {
    latest.current = version;
  }, [version]);
  useEffect(() => {
    const timer = setInterval(() => setShown(latest.current), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return shown;
}
