/**
 * The catalogue: areas, reporting units, indicators and sources, and the region-pack file that carries
 * them. Schemas are the contract; the TypeScript types are inferred from them.
 */
import { z } from 'zod';
import { Plan } from './plan';
import { FREQUENCIES } from './time';

const key = z.string().regex(/^[a-z][a-z0-9_.-]{1,63}$/, 'lower-case letters, digits, "_", "-" or "."');
export const Localised = z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict();
export type Localised = z.infer<typeof Localised>;

export const AREA_KINDS = ['province', 'district', 'commune', 'station'] as const;
export const AreaKind = z.enum(AREA_KINDS);
export type AreaKind = z.infer<typeof AreaKind>;

export const Area = z
  .object({
    /** GSO code for administrative areas (80 = Long An, 794 = Tân An); a pack-defined code for stations. */
    code: z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/),
    kind: AreaKind,
    /** What the area is called locally: "thành phố", "thị xã", "huyện", "trạm đo mặn". */
    subkind: Localised.optional(),
    name: Localised,
    parent: z.string().nullable(),
    /** [longitude, latitude] of the seat or station, WGS 84. */
    point: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).optional(),
  })
  .strict();
export type Area = z.infer<typeof Area>;

export const UNIT_KINDS = ['department', 'district', 'agency'] as const;
export const Unit = z
  .object({
    code: key,
    kind: z.enum(UNIT_KINDS),
    name: Localised,
    /** Areas this unit may write. */
    areas: z.array(z.string()).min(1),
    /** Indicators this unit may write. */
    indicators: z.array(key).min(1),
    /** The source its points carry when a point names none. */
    defaultSource: key,
    /** Requests a minute each of its keys may make; the server's KEY_REQUESTS_PER_MINUTE when absent. */
    requestsPerMinute: z.number().int().positive().optional(),
  })
  .strict();
export type Unit = z.infer<typeof Unit>;

export const Source = z.object({ key, name: Localised }).strict();
export type Source = z.infer<typeof Source>;

export const Category = z.object({ key, name: Localised }).strict();
export type Category = z.infer<typeof Category>;

/** How district values combine into the province value (and station values into a district). */
export const SpatialAggregation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sum') }).strict(),
  z.object({ kind: z.literal('mean') }).strict(),
  z.object({ kind: z.literal('min') }).strict(),
  z.object({ kind: z.literal('max') }).strict(),
  /** Mean weighted by another indicator's latest value at or before the same period (e.g. households). */
  z.object({ kind: z.literal('weighted-mean'), weight: key }).strict(),
  /** Reported directly at the level it is shown; never derived. */
  z.object({ kind: z.literal('none') }).strict(),
]);
export type SpatialAggregation = z.infer<typeof SpatialAggregation>;

/** How values within a time bucket combine (hourly counts sum to a day; a percentage keeps its last value). */
export const TEMPORAL_AGGREGATIONS = ['sum', 'mean', 'last', 'min', 'max'] as const;
export const TemporalAggregation = z.enum(TEMPORAL_AGGREGATIONS);
export type TemporalAggregation = z.infer<typeof TemporalAggregation>;

export const Indicator = z
  .object({
    key,
    name: Localised,
    /** Unit of measure as shown: "%", "hồ sơ", "g/L". */
    unit: Localised,
    category: key,
    /** Where the framework comes from, e.g. "DTI 2022", "QĐ 766/QĐ-TTg". */
    framework: z.string().optional(),
    direction: z.enum(['higher', 'lower']),
    range: z.object({ min: z.number(), max: z.number() }).strict(),
    frequency: z.enum(FREQUENCIES),
    /** The area kind at which the indicator is reported. */
    level: AreaKind,
    spatial: SpatialAggregation,
    temporal: TemporalAggregation,
    /**
     * Status bands. For "higher is better", red below `red`, amber below `amber`, else green; for
     * "lower is better", red at or above `red`, amber at or above `amber`.
     */
    thresholds: z.object({ amber: z.number(), red: z.number() }).strict().optional(),
    /** Unit responsible for the figure. */
    owner: key,
    /**
     * Which source wins when several report the same period: the first present in `preferred`,
     * otherwise the most recently received.
     */
    preferredSources: z.array(key).default([]),
    decimals: z.number().int().min(0).max(4).default(0),
    /** The first year figures are accepted for (1 January, local time); older points are refused as too-old. Default 1900. */
    since: z.number().int().min(1).max(9999).optional(),
    description: Localised.optional(),
    /**
     * Two sources that must agree on this figure (e.g. dossiers counted by the one-stop-shop software and
     * by the paper register). They disagree when |a − b| exceeds `tolerance`, in the indicator's unit, or
     * when `relative`, as a share of the larger value.
     */
    agreement: z
      .object({
        sources: z.tuple([key, key]),
        tolerance: z.number().min(0),
        relative: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /** Days after the end of a period by which a unit must have reported it (reports, not machine feeds). */
    dueDays: z.number().int().min(0).max(366).optional(),
    /** Computed by CityOps itself rather than reported by a unit. */
    computed: z.enum(['reporting-scorecard']).optional(),
  })
  .strict()
  .superRefine((ind, ctx) => {
    if (ind.range.min >= ind.range.max) {
      ctx.addIssue({ code: 'custom', path: ['range'], message: 'range.min must be below range.max' });
    }
    if (ind.thresholds) {
      const { amber, red } = ind.thresholds;
      const ordered = ind.direction === 'higher' ? red <= amber : red >= amber;
      if (!ordered) {
        ctx.addIssue({
          code: 'custom',
          path: ['thresholds'],
          message: `for "${ind.direction} is better" the red threshold must lie beyond amber`,
        });
      }
    }
  });
export type Indicator = z.infer<typeof Indicator>;

const Position = z.array(z.number()).min(2).max(3);
const Polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) });
const MultiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position))) });
export const AreaGeometry = z.discriminatedUnion('type', [Polygon, MultiPolygon]);
export type AreaGeometry = z.infer<typeof AreaGeometry>;

export const Boundaries = z.object({
  /** "schematic" for the project's own drawing, "official" once imported from a surveying source. */
  origin: z.enum(['schematic', 'official']),
  note: Localised.optional(),
  areas: z.record(z.string(), AreaGeometry),
});
export type Boundaries = z.infer<typeof Boundaries>;

export const REGION_PACK_FORMAT = 'cityops.region-pack/v1';

export const RegionPack = z
  .object({
    format: z.literal(REGION_PACK_FORMAT),
    id: key,
    name: Localised,
    /** The root area (the province). */
    root: z.string(),
    categories: z.array(Category).min(1),
    sources: z.array(Source).min(1),
    areas: z.array(Area).min(1),
    units: z.array(Unit).min(1),
    indicators: z.array(Indicator).min(1),
    boundaries: Boundaries,
    /** Targets, the year's roadmap and composite-index configurations (see shared/plan.ts). */
    plan: Plan.optional(),
  })
  .strict();
export type RegionPack = z.infer<typeof RegionPack>;

/** The source key the server uses for values it derives from child areas. */
export const DERIVED_SOURCE = 'derived';
/** The source key of figures CityOps computes itself (the reporting scorecard). */
export const COMPUTED_SOURCE = 'cityops';
export const RESERVED_SOURCES: readonly string[] = [DERIVED_SOURCE, COMPUTED_SOURCE];

/** GET /api/v1/catalog */
export const CatalogV1 = z.object({
  pack: z.object({ id: z.string(), name: Localised, root: z.string(), boundaries: z.enum(['schematic', 'official']) }),
  categories: z.array(Category),
  sources: z.array(Source),
  areas: z.array(Area),
  units: z.array(Unit),
  indicators: z.array(Indicator),
});
export type CatalogV1 = z.infer<typeof CatalogV1>;
