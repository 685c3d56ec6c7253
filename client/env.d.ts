/** Set by vite.config.ts: the id of this build, or "dev". */
declare const __CITYOPS_BUILD__: string;
