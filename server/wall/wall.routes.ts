/** GET /api/v1/wall/config: the wall's layout and playlists, checked against the catalogue at start-up. */
import { Router } from 'express';
import type { Logger } from 'pino';
import type { WallConfigResponseV1 } from '../../shared/wall';
import type { Catalog } from '../catalog/catalog';
import type { Config } from '../config';
import { loadWallConfig } from './wall.config';

export interface WallDeps {
  config: Pick<Config, 'wallConfigFile' | 'BASEMAP_STYLE_URL'>;
  catalog: Catalog;
  log?: Logger;
}

/** Throws (and so stops the server) when the configuration file is missing or wrong. */
export function wallRoutes(deps: WallDeps): Router {
  const { wall, generatedBecause } = loadWallConfig(deps.config.wallConfigFile, deps.catalog);
  if (generatedBecause) {
    deps.log?.warn(`wall display: ${generatedBecause}; showing one playlist of every indicator (set WALL_CONFIG to this pack's wall file)`);
  }
  const body: WallConfigResponseV1 = {
    ...wall,
    ...(generatedBecause ? { generated: true } : {}),
    ...(deps.config.BASEMAP_STYLE_URL ? { basemapStyleUrl: deps.config.BASEMAP_STYLE_URL } : {}),
  };
  const router = Router();
  router.get('/api/v1/wall/config', (_req, res) => {
    // A wall re-reads it after reconnecting; a new file deployed with a restart must not hide behind a cache.
    res.set('Cache-Control', 'no-cache').json(body);
  });
  return router;
}
