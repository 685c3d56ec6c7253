import { describe, expect, it } from 'vitest';
import type { WallConfigV1 } from '../../shared/wall';
import { resolveWallSettings } from '../../client/screens/wall/wallSettings';

const step = { indicator: 'salinity', kpis: ['salinity', 'water_level', 'pm25', 'aqi', 'dossiers_received', 'online_filing_pct'] };
const config: WallConfigV1 = {
  format: 'cityops.wall/v1',
  pack: 'long-an-2022',
  layout: 'standard',
  defaultPlaylist: 'overview',
  intervalSeconds: 30,
  playlists: {
    overview: { title: { vi: 'Tổng quan', en: 'Overview' }, steps: [step, step] },
    environment: { title: { vi: 'Môi trường', en: 'Environment' }, steps: [step], intervalSeconds: 20 },
  },
};

describe('wall settings from the configuration and the kiosk URL', () => {
  it('uses the configured defaults without parameters', () => {
    expect(resolveWallSettings(config, '')).toMatchObject({ playlistName: 'overview', intervalSeconds: 30, layout: 'standard', ignored: [] });
  });

  it('takes playlist, interval and layout from the URL, like a Grafana kiosk link', () => {
    const s = resolveWallSettings(config, '?playlist=environment&interval=45&layout=map&lang=en');
    expect(s).toMatchObject({ playlistName: 'environment', intervalSeconds: 45, layout: 'map', ignored: [] });
  });

  it("uses a playlist's own interval unless the URL sets one", () => {
    expect(resolveWallSettings(config, '?playlist=environment')?.intervalSeconds).toBe(20);
  });

  it('falls back on wrong values and reports each one', () => {
    const s = resolveWallSettings(config, '?playlist=night&interval=2&layout=mosaic');
    expect(s).toMatchObject({ playlistName: 'overview', intervalSeconds: 30, layout: 'standard' });
    expect(s?.ignored).toEqual(['playlist=night', 'interval=2', 'layout=mosaic']);
    expect(resolveWallSettings(config, '?interval=7.5')?.ignored).toEqual(['interval=7.5']);
    expect(resolveWallSettings(config, '?playlist=constructor')?.playlistName).toBe('overview');
  });

  it('has nothing to show for a playlist without steps', () => {
    expect(resolveWallSettings({ ...config, playlists: { overview: { title: config.playlists.overview!.title, steps: [] } } }, '')).toBeNull();
  });
});
