/**
 * The wall's playlist, interval and layout: from the server's configuration, overridden by the kiosk URL
 * (`/wall?playlist=environment&interval=30&layout=map`). A wrong parameter falls back to the configured
 * value and is reported on screen, so whoever set up the screen sees the typo.
 */
import type { WallConfigV1, WallLayout, WallPlaylist } from '../../../shared/wall';

// Mirrors shared/wall.ts; importing its values would bring zod into the page.
const LAYOUTS: Record<WallLayout, true> = { standard: true, map: true };
const MIN_INTERVAL_SECONDS = 5;
const MAX_INTERVAL_SECONDS = 3600;

export interface WallSettings {
  playlistName: string;
  playlist: WallPlaylist;
  intervalSeconds: number;
  layout: WallLayout;
  /** URL parameters that were not used, as "name=value". */
  ignored: string[];
}

export function resolveWallSettings(config: WallConfigV1, search: string): WallSettings | null {
  const params = new URLSearchParams(search);
  const ignored: string[] = [];

  let playlistName = config.defaultPlaylist;
  const asked = params.get('playlist');
  if (asked !== null) {
    if (Object.hasOwn(config.playlists, asked)) playlistName = asked;
    else ignored.push(`playlist=${asked}`);
  }
  const playlist = config.playlists[playlistName];
  if (!playlist || playlist.steps.length === 0) return null;

  let intervalSeconds = playlist.intervalSeconds ?? config.intervalSeconds;
  const interval = params.get('interval');
  if (interval !== null) {
    const n = Number(interval);
    if (Number.isInteger(n) && n >= MIN_INTERVAL_SECONDS && n <= MAX_INTERVAL_SECONDS) intervalSeconds = n;
    else ignored.push(`interval=${interval}`);
  }

  let layout = config.layout;
  const askedLayout = params.get('layout');
  if (askedLayout !== null) {
    if (Object.hasOwn(LAYOUTS, askedLayout)) layout = askedLayout as WallLayout;
    else ignored.push(`layout=${askedLayout}`);
  }
  return { playlistName, playlist, intervalSeconds, layout, ignored };
}
