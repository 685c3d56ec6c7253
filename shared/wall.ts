/**
 * The wall display's configuration (config/wall.json, served at GET /api/v1/wall/config): a layout and
 * named playlists whose steps each pick the indicator on the map and the KPI tiles around it.
 * The page imports only the types from here, so zod stays out of its bundle.
 */
import { z } from 'zod';
import { Localised } from './catalog';

export const WALL_CONFIG_FORMAT = 'cityops.wall/v1';

/** `standard`: tiles, map, trend, ranking and ticker; `map`: tiles and a larger map with the ticker under it. */
export const WALL_LAYOUTS = ['standard', 'map'] as const;
export type WallLayout = (typeof WALL_LAYOUTS)[number];

export const MIN_INTERVAL_SECONDS = 5;
export const MAX_INTERVAL_SECONDS = 3600;
export const MIN_KPIS = 6;
export const MAX_KPIS = 10;

const IndicatorKey = z.string().regex(/^[a-z][a-z0-9_.-]{1,63}$/, 'an indicator key');
/** Playlist names appear in kiosk URLs (`/wall?playlist=environment`). */
const PlaylistName = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and "-", e.g. "public-service"');
const Interval = z.number().int().min(MIN_INTERVAL_SECONDS).max(MAX_INTERVAL_SECONDS);

export const WallStep = z
  .object({
    /** Colours the districts, feeds the trend chart and the ranking. */
    indicator: IndicatorKey,
    /** Province-level figures shown as tiles while this step is on screen. */
    kpis: z.array(IndicatorKey).min(MIN_KPIS).max(MAX_KPIS),
    /** Shown in the header instead of the indicator's name. */
    title: Localised.optional(),
  })
  .strict()
  .superRefine((step, ctx) => {
    const seen = new Set<string>();
    step.kpis.forEach((k, i) => {
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: ['kpis', i], message: `"${k}" is listed twice` });
      seen.add(k);
    });
  });
export type WallStep = z.infer<typeof WallStep>;

export const WallPlaylist = z
  .object({
    title: Localised,
    steps: z.array(WallStep).min(1).max(50),
    /** Overrides the wall's interval for this playlist. */
    intervalSeconds: Interval.optional(),
  })
  .strict();
export type WallPlaylist = z.infer<typeof WallPlaylist>;

export const WallConfigV1 = z
  .object({
    format: z.literal(WALL_CONFIG_FORMAT),
    /** Id of the region pack whose indicators the playlists name. */
    pack: z.string().min(1),
    layout: z.enum(WALL_LAYOUTS).default('standard'),
    defaultPlaylist: PlaylistName,
    /** Seconds each step stays on screen. */
    intervalSeconds: Interval,
    playlists: z.record(PlaylistName, WallPlaylist),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (Object.keys(config.playlists).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['playlists'], message: 'at least one playlist is needed' });
    } else if (!(config.defaultPlaylist in config.playlists)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultPlaylist'],
        message: `"${config.defaultPlaylist}" is not one of the playlists (${Object.keys(config.playlists).join(', ')})`,
      });
    }
  });
export type WallConfigV1 = z.infer<typeof WallConfigV1>;

/** GET /api/v1/wall/config */
export type WallConfigResponseV1 = WallConfigV1 & {
  /**
   * True when the file was written for another region pack and the server made one playlist of every
   * indicator instead, so the wall still shows something sensible.
   */
  generated?: boolean;
  /** A MapLibre style to draw under the districts, when the deployment has a basemap of its own. */
  basemapStyleUrl?: string;
};
