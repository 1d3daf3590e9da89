/**
 * The one place where HTTP meets the request model: the query-string schemas of the
 * Spotify-compatible endpoints (also the source of the OpenAPI document), the mapping of a
 * validated `GET /v1/recommendations` query onto a `RecommendRequest`, and the mapping of the
 * recommender's request paths (`seedTracks[1]`, `min.durationMs`) back onto wire names.
 */

import { TRACK_FIELD_RANGES, type NumericTrackField } from '@spotrec/data';
import type { RecommendRequest } from '@spotrec/recommender';
import { BadRequestError } from './errors';

/** A tunable attribute of the contract, the `Track` field it reads and its accepted range. */
export interface TunableAttribute {
  /** The wire name, as in `min_<name>`. */
  readonly name: string;
  /** The `Track` field of `@spotrec/data` (and the recommender's feature name). */
  readonly field: NumericTrackField;
  /** JSON-schema type. */
  readonly type: 'number' | 'integer';
  /** Smallest accepted value. */
  readonly minimum: number;
  /** Largest accepted value. */
  readonly maximum: number;
}

function attribute(
  name: string,
  field: NumericTrackField,
  range?: { minimum: number; maximum: number },
): TunableAttribute {
  const known = TRACK_FIELD_RANGES[field];
  return {
    name,
    field,
    type: known.integer ? 'integer' : 'number',
    minimum: range?.minimum ?? known.min,
    maximum: range?.maximum ?? known.max,
  };
}

/**
 * Every tunable attribute of the contract. Ranges are the contract's where it documents one
 * (0–1, `key` 0–11, `mode` 0–1, `popularity` 0–100) and the catalog's validation range
 * (`TRACK_FIELD_RANGES`) where it does not (`loudness` −100–10 dB, `tempo` 0–400 BPM,
 * `time_signature` 0–7, `duration_ms` ≥ 0).
 */
export const TUNABLE_ATTRIBUTES: readonly TunableAttribute[] = [
  attribute('acousticness', 'acousticness'),
  attribute('danceability', 'danceability'),
  attribute('duration_ms', 'durationMs'),
  attribute('energy', 'energy'),
  attribute('instrumentalness', 'instrumentalness'),
  attribute('key', 'key', { minimum: 0, maximum: 11 }),
  attribute('liveness', 'liveness'),
  attribute('loudness', 'loudness'),
  attribute('mode', 'mode'),
  attribute('popularity', 'popularity'),
  attribute('speechiness', 'speechiness'),
  attribute('tempo', 'tempo'),
  attribute('time_signature', 'timeSignature'),
  attribute('valence', 'valence'),
];

/** At most this many seeds over the three seed parameters (the contract's limit). */
export const MAX_SEEDS = 5;
/** At most this many ids in `GET /v1/audio-features?ids=` (the contract's limit). */
export const MAX_AUDIO_FEATURE_IDS = 100;

/** An artist name spans at most this many comma-separated pieces (four commas). */
const MAX_NAME_PIECES = 5;
const SEED_PARAMETERS = ['seed_artists', 'seed_genres', 'seed_tracks'] as const;
const BOUND_PREFIXES = ['min', 'max', 'target'] as const;

/** A JSON schema of one query parameter (the subset used here). */
export interface ParameterSchema {
  readonly type: 'string' | 'number' | 'integer';
  readonly description: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}

/** A JSON schema of a query string: named parameters, nothing else. */
export interface QuerySchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, ParameterSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties: false;
}

function range(attribute: TunableAttribute): string {
  const kind = attribute.type === 'integer' ? 'an integer' : 'a number';
  return attribute.maximum === Number.MAX_SAFE_INTEGER
    ? `${kind} ≥ ${attribute.minimum}`
    : `${kind} from ${attribute.minimum} to ${attribute.maximum}`;
}

const boundMeaning = {
  min: 'Hard floor (inclusive)',
  max: 'Hard ceiling (inclusive)',
  target: 'Preferred value (all targets weighed equally)',
} as const;

/** The query-string schema of `GET /v1/recommendations`. */
export const RECOMMENDATIONS_QUERY: QuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    seed_artists: {
      type: 'string',
      minLength: 1,
      description:
        'Comma-separated artist NAMES (the catalog has no artist ids), matched exactly, else ' +
        'case-insensitively. A name that itself contains a comma is recognised when the catalog ' +
        'holds it. Up to 5 seeds in total over the three seed parameters; at least one.',
    },
    seed_genres: {
      type: 'string',
      minLength: 1,
      description:
        'Comma-separated genres from GET /v1/recommendations/available-genre-seeds ' +
        '(case-insensitive).',
    },
    seed_tracks: {
      type: 'string',
      minLength: 1,
      description: 'Comma-separated track ids of the catalog.',
    },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 20,
      description:
        'An integer from 1 to 100: how many tracks to return (fewer when the filters leave fewer).',
    },
    market: {
      type: 'string',
      pattern: '^([A-Za-z]{2}|from_token)$',
      description:
        'An ISO 3166-1 alpha-2 code (or from_token): accepted and ignored, the catalog has no ' +
        'markets.',
    },
    ...Object.fromEntries(
      TUNABLE_ATTRIBUTES.flatMap((attribute) =>
        BOUND_PREFIXES.map((prefix) => [
          `${prefix}_${attribute.name}`,
          {
            type: attribute.type,
            minimum: attribute.minimum,
            maximum: attribute.maximum,
            description: `${range(attribute)}. ${boundMeaning[prefix]} on ${attribute.name}.`,
          } satisfies ParameterSchema,
        ]),
      ),
    ),
  },
};

/** The query-string schema of `GET /v1/audio-features`. */
export const AUDIO_FEATURES_QUERY: QuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ids'],
  properties: {
    ids: {
      type: 'string',
      minLength: 1,
      description: `Comma-separated track ids, at most ${MAX_AUDIO_FEATURE_IDS}.`,
    },
  },
};

/** The path schema of the `{id}` routes. */
export const ID_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, description: 'A track id of the catalog.' } },
} as const;

/** An empty query-string schema: the endpoint takes no parameters. */
export const NO_QUERY: QuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {},
};

/** What `expected …` says for a parameter, from its schema: `an integer from 1 to 100`. */
export function expectation(schema: ParameterSchema | undefined): string {
  if (schema === undefined) return 'a known parameter';
  if (schema.type === 'string')
    return schema.pattern === undefined
      ? 'a non-empty string'
      : (/^[^.:]*/.exec(schema.description)?.[0] ?? schema.description);
  const kind = schema.type === 'integer' ? 'an integer' : 'a number';
  const { minimum, maximum } = schema;
  if (minimum !== undefined && maximum !== undefined && maximum < Number.MAX_SAFE_INTEGER)
    return `${kind} from ${minimum} to ${maximum}`;
  return minimum === undefined ? kind : `${kind} ≥ ${minimum}`;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Converts the numeric parameters of a parsed query string to numbers where their text is a
 * plain decimal number, and leaves everything else as it is for the schema to refuse. Stricter
 * than Ajv's coercion, which also takes `0x10`, `Infinity` and padded text.
 *
 * @returns A new query object.
 * @throws {@link BadRequestError} when a parameter is given more than once.
 */
export function parseQuery(
  query: Readonly<Record<string, unknown>>,
  schema: QuerySchema | undefined,
): Record<string, unknown> {
  const parsed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value))
      throw new BadRequestError(
        name,
        `Parameter "${name}" is repeated; give it once (lists are comma-separated)`,
      );
    const type = schema?.properties[name]?.type;
    parsed[name] =
      (type === 'number' || type === 'integer') && typeof value === 'string' && NUMBER.test(value)
        ? Number(value)
        : value;
  }
  return parsed;
}

/** The validated query of `GET /v1/recommendations` (names as on the wire). */
export type RecommendationsQuery = Readonly<Record<string, string | number | undefined>>;

/** A seed as the client gave it, for the `seeds` objects of the response. */
export interface GivenSeed {
  readonly type: 'track' | 'artist' | 'genre';
  /** The seed string as given (trimmed). */
  readonly id: string;
}

/** What the recommendations handler needs of the served catalog to read artist names. */
export interface ArtistLookup {
  /** Whether the catalog holds this artist (exactly, or case-insensitively). */
  hasArtist(name: string): boolean;
}

function splitList(value: string, parameter: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === ''))
    throw new BadRequestError(
      parameter,
      `Invalid value for parameter "${parameter}": expected a comma-separated list without empty items, got ${JSON.stringify(value)}`,
    );
  return items;
}

/**
 * Splits `seed_artists` on commas, keeping together the pieces of a name that itself holds a
 * comma (`Tyler, The Creator`) when the catalog knows that name: the longest known run of
 * pieces wins, else a piece stands alone (and is reported unknown by the recommender).
 */
function splitArtists(value: string, artists: ArtistLookup): string[] {
  const pieces = value.split(',');
  const names: string[] = [];
  for (let start = 0; start < pieces.length;) {
    let end = start + 1;
    for (let longer = Math.min(pieces.length, start + MAX_NAME_PIECES); longer > end; longer -= 1)
      if (artists.hasArtist(pieces.slice(start, longer).join(',').trim())) {
        end = longer;
        break;
      }
    const name = pieces.slice(start, end).join(',').trim();
    if (name === '')
      throw new BadRequestError(
        'seed_artists',
        `Invalid value for parameter "seed_artists": expected a comma-separated list without empty items, got ${JSON.stringify(value)}`,
      );
    names.push(name);
    start = end;
  }
  return names;
}

/**
 * Maps a validated `GET /v1/recommendations` query onto the recommender's request, checking
 * what a JSON schema cannot: 1–5 seeds in total, no empty list items, `min_x ≤ max_x`.
 *
 * @returns The request and the seeds as given, in the order the recommender reports them
 * (tracks, artists, genres).
 * @throws {@link BadRequestError} naming the parameter.
 */
export function toRecommendRequest(
  query: RecommendationsQuery,
  artists: ArtistLookup,
): { request: RecommendRequest; seeds: GivenSeed[] } {
  const text = (name: string): string | undefined => {
    const value = query[name];
    return typeof value === 'string' ? value : undefined;
  };
  const seedTracks =
    text('seed_tracks') === undefined
      ? []
      : splitList(text('seed_tracks') as string, 'seed_tracks');
  const seedArtists =
    text('seed_artists') === undefined ? [] : splitArtists(text('seed_artists') as string, artists);
  const seedGenres =
    text('seed_genres') === undefined
      ? []
      : splitList(text('seed_genres') as string, 'seed_genres');
  const total = seedTracks.length + seedArtists.length + seedGenres.length;
  if (total === 0)
    throw new BadRequestError(
      'seed_tracks',
      `Missing parameter: at least one seed in ${SEED_PARAMETERS.join(', ')}`,
    );
  if (total > MAX_SEEDS) {
    const parameter = SEED_PARAMETERS.find((name) => query[name] !== undefined) ?? 'seed_tracks';
    throw new BadRequestError(
      parameter,
      `Invalid value for parameter "${parameter}": expected at most ${MAX_SEEDS} seeds in total over ${SEED_PARAMETERS.join(', ')}, got ${total}`,
    );
  }
  const bounds = { min: {}, max: {}, target: {} } as Record<
    (typeof BOUND_PREFIXES)[number],
    Record<string, number>
  >;
  for (const attribute of TUNABLE_ATTRIBUTES)
    for (const prefix of BOUND_PREFIXES) {
      const value = query[`${prefix}_${attribute.name}`];
      if (typeof value === 'number') bounds[prefix][attribute.field] = value;
    }
  for (const attribute of TUNABLE_ATTRIBUTES) {
    const low = bounds.min[attribute.field];
    const high = bounds.max[attribute.field];
    if (low !== undefined && high !== undefined && low > high)
      throw new BadRequestError(
        `min_${attribute.name}`,
        `Invalid value for parameter "min_${attribute.name}": expected a value ≤ max_${attribute.name} (${high}), got ${low}`,
      );
  }
  const request: RecommendRequest = {
    ...(seedTracks.length > 0 ? { seedTracks } : {}),
    ...(seedArtists.length > 0 ? { seedArtists } : {}),
    ...(seedGenres.length > 0 ? { seedGenres } : {}),
    k: typeof query.limit === 'number' ? query.limit : 20,
    ...(Object.keys(bounds.min).length > 0 ? { min: bounds.min } : {}),
    ...(Object.keys(bounds.max).length > 0 ? { max: bounds.max } : {}),
    ...(Object.keys(bounds.target).length > 0 ? { target: bounds.target } : {}),
  };
  const seeds: GivenSeed[] = [
    ...seedTracks.map((id) => ({ type: 'track' as const, id })),
    ...seedArtists.map((id) => ({ type: 'artist' as const, id })),
    ...seedGenres.map((id) => ({ type: 'genre' as const, id })),
  ];
  return { request, seeds };
}

const FIELD_TO_ATTRIBUTE = new Map(
  TUNABLE_ATTRIBUTES.map((attribute) => [attribute.field as string, attribute.name]),
);
const REQUEST_TO_WIRE: Readonly<Record<string, string>> = {
  seedTracks: 'seed_tracks',
  seedArtists: 'seed_artists',
  seedGenres: 'seed_genres',
  k: 'limit',
};

/**
 * The wire parameter of a recommender request path: `seedTracks[1]` → `seed_tracks`,
 * `min.durationMs` → `min_duration_ms`, `k` → `limit`; `request` (no seeds) → `seed_tracks`.
 */
export function wireParameter(path: string): string {
  const bound = /^(min|max|target)\.(\w+)$/.exec(path);
  if (bound !== null)
    return `${bound[1]}_${FIELD_TO_ATTRIBUTE.get(bound[2] as string) ?? bound[2]}`;
  const head = /^(\w+)/.exec(path)?.[1] ?? path;
  return REQUEST_TO_WIRE[head] ?? (head === 'request' ? 'seed_tracks' : head);
}
