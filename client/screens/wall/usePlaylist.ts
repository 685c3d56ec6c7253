/** The step on screen: advances every `intervalMs`, back to the first after the last. One timer, cleared on change. */
import { useEffect, useState } from 'react';

export function usePlaylist(steps: number, intervalMs: number, playlist: string): number {
  const [state, setState] = useState({ playlist, step: 0 });
  useEffect(() => {
    if (steps < 2) return;
    const timer = setInterval(() => setState((s) => ({ playlist, step: s.playlist === playlist ? (s.step + 1) % steps : 1 })), intervalMs);
    return () => clearInterval(timer);
  }, [steps, intervalMs, playlist]);
  // Another playlist starts at its first step.
  return state.playlist === playlist ? state.step % Math.max(1, steps) : 0;
}
