import type { Track } from '@spotrec/data';
import {
  selectRecommendations,
  InvalidArgumentError,
  NotInCatalogError,
  Recommender,
  type FeatureContribution,
  type RecommendRequest,
  type RecommendResponse,
  type Recommendation,
  type SeedPool,
} from '@spotrec/recommender';
import type { SqlQueryable } from './client';
import { FEATURE_COLUMNS, type Names } from './schema';
import type { CatalogMeta } from './sync';
import { vectorText } from './sync';

/** How {@link PgVectorStore.recommend} searches. */
export interface SearchOptions {
  /**
   * `'hnsw'`: the HNSW index orders the candidates (approximate; filters applied during the
   * scan with iterative index scans). `'exact'`: every row passing the filters is scored (no
   * index), the same ranking as the in-memory recommender.
   * @defaultValue `'hnsw'`
   */
  readonly mode?: 'hnsw' | 'exact';
  /**
   * pgvector's `hnsw.ef_search` (1–1000): the candidate list of one index scan. Recall@10
   * ≥ 0.95 at 100 on the Spotify subset (see the README).
   * @defaultValue `100`
   */
  readonly efSearch?: number;
  /**
   * pgvector's `hnsw.iterative_scan`: `'strict_order'` or `'relaxed_order'` go on scanning the
   * index until enough rows pass the filters (so `k` come back); `'off'` stops after
   * `efSearch` candidates, so a selective filter returns fewer.
   * @defaultValue `'strict_order'`
   */
  readonly iterativeScan?: 'strict_order' | 'relaxed_order' | 'off';
  /**
   * pgvector's `hnsw.max_scan_tuples`: where an iterative scan gives up.
   * @defaultValue `20000`
   */
  readonly maxScanTuples?: number;
}

/** @internal Search settings with their defaults. */
export type SearchSettings = Required<SearchOptions>;

/** @internal Validates search options over `base`. */
export function searchSettings(
  options: SearchOptions | undefined,
  base: SearchSettings,
  parameter: string,
): SearchSettings {
  if (options === undefined) return base;
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError(parameter, 'an options object', options);
  const {
    mode = base.mode,
    efSearch = base.efSearch,
    iterativeScan = base.iterativeScan,
  } = options;
  const { maxScanTuples = base.maxScanTuples } = options;
  if (mode !== 'hnsw' && mode !== 'exact')
    throw new InvalidArgumentError(`${parameter}.mode`, "'hnsw' or 'exact'", mode);
  if (!Number.isSafeInteger(efSearch) || efSearch < 1 || efSearch > 1000)
    throw new InvalidArgumentError(`${parameter}.efSearch`, 'an integer in [1, 1000]', efSearch);
  if (!['strict_order', 'relaxed_order', 'off'].includes(iterativeScan))
    throw new InvalidArgumentError(
      `${parameter}.iterativeScan`,
      "'strict_order', 'relaxed_order' or 'off'",
      iterativeScan,
    );
  if (!Number.isSafeInteger(maxScanTuples) || maxScanTuples < 1)
    throw new InvalidArgumentError(
      `${parameter}.maxScanTuples`,
      'a positive integer',
      maxScanTuples,
    );
  return { mode, efSearch, iterativeScan, maxScanTuples };
}

type Kind = 'track' | 'artist' | 'genre';

interface Seed {
  readonly type: Kind;
  readonly id: string;
  readonly vector: Float32Array;
}

interface Row {
  readonly track: Track;
  readonly key: string;
  readonly firstArtist: string | undefined;
  readonly vector: Float32Array;
  readonly similarity: number;
  readonly closeness: number | null;
  readonly score: number;
}

function stringList(value: unknown, parameter: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw new InvalidArgumentError(parameter, 'an array of strings', value);
  return value;
}

/** @internal Parses pgvector's text output `[1,2,3]`. */
export function parseVector(text: unknown): Float32Array {
  if (typeof text !== 'string' || text.length < 2)
    throw new InvalidArgumentError('vector', 'pgvector text such as [1,2]', text);
  const body = text.slice(1, -1);
  return body === '' ? new Float32Array(0) : Float32Array.from(body.split(','), Number);
}

function unit(vector: Float64Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Float32Array.from(vector, (value) => value * scale);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j += 1) sum += (a[j] as number) * (b[j] as number);
  return sum;
}

/** Names with a NUL cannot be stored, so they match nothing and are never sent. */
function sendable(name: string): boolean {
  return !name.includes('\u0000');
}

/** Ranks names that contain, or are contained in, `query` as the in-memory recommender does. */
function rankSuggestions(query: string, names: readonly string[]): string[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  return names
    .map((name) => {
      const folded = name.toLowerCase();
      const rank = folded.startsWith(needle)
        ? 0
        : folded.includes(needle)
          ? 1
          : needle.includes(folded) && folded.length >= 3
            ? 2
            : -1;
      return { name, rank };
    })
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.name.length - b.name.length || (a.name < b.name ? -1 : 1))
    .slice(0, 5)
    .map((entry) => entry.name);
}

/** @internal A request validator: the recommender's own `checkRequest`, over no rows. */
export function requestChecker(meta: CatalogMeta): Recommender<Track> {
  return Recommender.build<Track>({
    tracks: [],
    scorer: {
      name: `cosine over ${meta.dimension} ${meta.kind === 'features' ? 'features' : 'embedding dimensions'} (pgvector)`,
      size: 0,
      bounded: true,
      query: () => {
        throw new InvalidArgumentError('request', 'a request for the database', 'in memory');
      },
      vectors: { data: new Float32Array(0), dimension: meta.dimension },
    },
  });
}

const FEATURE_SELECT = FEATURE_COLUMNS.map(({ column }) => column).join(', ');

function trackOf(row: Record<string, unknown>): Track {
  const number = (column: string): number => {
    const value = row[column];
    return value === null || value === undefined ? Number.NaN : Number(value);
  };
  const nullable = (column: string): number | null => {
    const value = row[column];
    return value === null || value === undefined ? null : Number(value);
  };
  return {
    id: row.id as string,
    name: row.name as string,
    artists: row.artists as string[],
    album: row.album as string,
    popularity: nullable('popularity'),
    durationMs: nullable('duration_ms'),
    explicit: (row.explicit as boolean | null) ?? null,
    danceability: number('danceability'),
    energy: number('energy'),
    key: number('key'),
    loudness: number('loudness'),
    mode: number('mode'),
    speechiness: number('speechiness'),
    acousticness: number('acousticness'),
    instrumentalness: number('instrumentalness'),
    liveness: number('liveness'),
    valence: number('valence'),
    tempo: number('tempo'),
    timeSignature: nullable('time_signature'),
    genres: row.genres as string[],
  };
}

/** Collects `$n` parameters for one statement. */
class Parameters {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/** @internal Everything one request does, inside the caller's transaction. */
export async function recommendInTransaction(
  tx: SqlQueryable,
  names: Names,
  meta: CatalogMeta,
  checker: Recommender<Track>,
  request: RecommendRequest,
  search: SearchSettings,
  explain: boolean,
): Promise<RecommendResponse<Track> | string[]> {
  const { k, maxPerArtist, diversity, targetWeight } = checker.checkRequest(request);
  const table = names.tracks;

  // Name resolution: exact, else case-insensitive, else NotInCatalogError with suggestions.
  const resolved = new Map<string, string | null>();
  const resolve = async (
    kind: 'artist' | 'genre',
    list: readonly string[],
    parameter: string,
  ): Promise<string[]> => {
    const column = kind === 'artist' ? 'artists' : 'genres';
    const fresh = [...new Set(list)].filter(
      (name) => sendable(name) && !resolved.has(`${kind}:${name}`),
    );
    if (fresh.length > 0) {
      const found = await tx.query(
        `SELECT n AS name FROM unnest($1::text[]) AS n
WHERE EXISTS (SELECT 1 FROM ${table} t WHERE t.${column} @> ARRAY[n])`,
        [fresh],
      );
      const exact = new Set((found.rows as { name: string }[]).map((row) => row.name));
      for (const name of fresh) resolved.set(`${kind}:${name}`, exact.has(name) ? name : null);
    }
    const out: string[] = [];
    for (const [at, name] of list.entries()) {
      let spelled = resolved.get(`${kind}:${name}`) ?? null;
      if (spelled === null && sendable(name)) {
        const folded = await tx.query(
          `SELECT DISTINCT n AS name FROM ${table} t, unnest(t.${column}) AS n WHERE lower(n) = lower($1) ORDER BY n`,
          [name],
        );
        const lower = name.toLowerCase();
        spelled =
          (folded.rows as { name: string }[])
            .map((row) => row.name)
            .find((n) => n.toLowerCase() === lower) ?? null;
        resolved.set(`${kind}:${name}`, spelled);
      }
      if (spelled === null) {
        const needle = name.trim().toLowerCase();
        let suggestions: string[] = [];
        if (needle !== '' && sendable(needle)) {
          const near = await tx.query(
            `SELECT DISTINCT n AS name FROM ${table} t, unnest(t.${column}) AS n
WHERE strpos(lower(n), $1) > 0 OR (length(n) >= 3 AND strpos($1, lower(n)) > 0) LIMIT 200`,
            [needle],
          );
          suggestions = rankSuggestions(
            name,
            (near.rows as { name: string }[]).map((row) => row.name),
          );
        }
        throw new NotInCatalogError(`${parameter}[${at}]`, kind, name, suggestions);
      }
      out.push(spelled);
    }
    return out;
  };

  // Seeds, in request order: tracks, artists, genres.
  const seedTracks = stringList(request.seedTracks, 'seedTracks');
  const seedArtists = stringList(request.seedArtists, 'seedArtists');
  const seedGenres = stringList(request.seedGenres, 'seedGenres');
  const seeds: Seed[] = [];
  const seedKeys: string[] = [];
  if (seedTracks.length > 0) {
    const found = await tx.query(
      `SELECT id, duplicate_key, embedding::text AS embedding FROM ${table} WHERE id = ANY($1::text[])`,
      [seedTracks.filter(sendable)],
    );
    const byId = new Map(
      (found.rows as { id: string; duplicate_key: string; embedding: string }[]).map((row) => [
        row.id,
        row,
      ]),
    );
    seedTracks.forEach((id, at) => {
      const row = byId.get(id);
      if (row === undefined) throw new NotInCatalogError(`seedTracks[${at}]`, 'track', id);
      seeds.push({
        type: 'track',
        id,
        vector: unit(Float64Array.from(parseVector(row.embedding))),
      });
      seedKeys.push(row.duplicate_key);
    });
  }
  const groupVector = async (kind: 'artist' | 'genre', name: string): Promise<Float32Array> => {
    const column = kind === 'artist' ? 'artists' : 'genres';
    const result = await tx.query(
      `SELECT avg(embedding)::text AS mean FROM ${table} WHERE ${column} @> ARRAY[$1::text]`,
      [name],
    );
    return unit(Float64Array.from(parseVector((result.rows[0] as { mean: string }).mean)));
  };
  for (const artist of await resolve('artist', seedArtists, 'seedArtists'))
    seeds.push({ type: 'artist', id: artist, vector: await groupVector('artist', artist) });
  for (const genre of await resolve('genre', seedGenres, 'seedGenres'))
    seeds.push({ type: 'genre', id: genre, vector: await groupVector('genre', genre) });
  if (seeds.length === 0)
    throw new InvalidArgumentError(
      'request',
      'at least one seed (seedTracks, seedArtists or seedGenres)',
      'no seeds',
    );
  const total = new Float64Array(meta.dimension);
  for (const seed of seeds)
    for (let j = 0; j < meta.dimension; j += 1)
      total[j] = (total[j] as number) + (seed.vector[j] as number);
  const profile = unit(total);

  // Filters as WHERE clauses; every value a parameter.
  const parameters = new Parameters();
  const candidate: string[] = [];
  if (seedKeys.length > 0) {
    candidate.push(`NOT (id = ANY(${parameters.add([...seedTracks], 'text[]')}))`);
    candidate.push(`NOT (duplicate_key = ANY(${parameters.add(seedKeys, 'text[]')}))`);
  }
  const filters: string[] = [];
  const includeGenres = stringList(request.includeGenres, 'includeGenres');
  const excludeGenres = stringList(request.excludeGenres, 'excludeGenres');
  const includeArtists = stringList(request.includeArtists, 'includeArtists');
  const excludeArtists = stringList(request.excludeArtists, 'excludeArtists');
  if (request.includeGenres !== undefined)
    filters.push(
      `genres && ${parameters.add(await resolve('genre', includeGenres, 'includeGenres'), 'text[]')}`,
    );
  if (excludeGenres.length > 0)
    filters.push(
      `NOT (genres && ${parameters.add(await resolve('genre', excludeGenres, 'excludeGenres'), 'text[]')})`,
    );
  if (request.includeArtists !== undefined)
    filters.push(
      `artists && ${parameters.add(await resolve('artist', includeArtists, 'includeArtists'), 'text[]')}`,
    );
  if (excludeArtists.length > 0)
    filters.push(
      `NOT (artists && ${parameters.add(await resolve('artist', excludeArtists, 'excludeArtists'), 'text[]')})`,
    );
  const columnOf = new Map(FEATURE_COLUMNS.map(({ feature, column }) => [feature, column]));
  for (const [bounds, operator] of [
    [request.min, '>='],
    [request.max, '<='],
  ] as const)
    for (const [feature, limit] of Object.entries(bounds ?? {}))
      // A NULL value (a track without it) fails every bound, as NaN does in memory.
      filters.push(
        `${columnOf.get(feature) as string} ${operator} ${parameters.add(limit, 'float8')}`,
      );

  // Pool sizes.
  const counted = await tx.query(
    `SELECT count(*)::int AS initial${filters.length > 0 ? `, count(*) FILTER (WHERE ${filters.join(' AND ')})::int AS after` : ''}
FROM ${table}${candidate.length > 0 ? ` WHERE ${candidate.join(' AND ')}` : ''}`,
    parameters.values,
  );
  const counts = counted.rows[0] as { initial: number; after?: number };
  const initial = Number(counts.initial);
  const after = Number(counts.after ?? counts.initial);

  // Targets: (1 − w)·similarity + w·closeness, closeness = 1 − mean min(1, |value − target| ÷ span).
  const targets = Object.entries(request.target ?? {});
  const profileParameter = parameters.add(vectorText(profile), `vector(${meta.dimension})`);
  const similarity = `((embedding <#> ${profileParameter}) * -1)`;
  let scoreExpression = similarity;
  let closenessExpression = 'NULL::float8';
  if (targets.length > 0) {
    const terms = targets.map(([feature, value]) => {
      const span = meta.spans[feature];
      const width =
        span !== undefined && Number.isFinite(span.max - span.min) ? span.max - span.min || 1 : 1;
      return `COALESCE(LEAST(1, abs(${columnOf.get(feature) as string} - ${parameters.add(value, 'float8')}) / ${parameters.add(width, 'float8')}), 1)`;
    });
    closenessExpression = `(1 - (${terms.join(' + ')}) / ${targets.length})`;
    const weight = parameters.add(targetWeight, 'float8');
    scoreExpression = `((1 - ${weight}) * ${similarity} + ${weight} * ${closenessExpression})`;
  }
  const where = [...candidate, ...filters];
  const whereClause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const select = `id, name, artists, genres, album, explicit, ${FEATURE_SELECT}, duplicate_key, embedding::text AS embedding,
${similarity} AS similarity, ${closenessExpression} AS closeness, ${scoreExpression} AS score`;
  const exact = search.mode === 'exact';

  // Per-query search settings, local to this transaction.
  await tx.query(
    `SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', $2, true),
set_config('hnsw.max_scan_tuples', $3, true), set_config('enable_indexscan', $4, true)`,
    [
      String(search.efSearch),
      search.iterativeScan,
      String(search.maxScanTuples),
      exact ? 'off' : 'on',
    ],
  );

  const statement = (limit: number): { text: string; values: unknown[] } => {
    const values = [...parameters.values, limit];
    const limitParameter = `$${values.length}::int`;
    if (exact)
      return {
        text: `SELECT ${select} FROM ${table} ${whereClause} ORDER BY score DESC, id LIMIT ${limitParameter}`,
        values,
      };
    if (targets.length === 0)
      return {
        text: `SELECT ${select} FROM ${table} ${whereClause} ORDER BY embedding <#> ${profileParameter} LIMIT ${limitParameter}`,
        values,
      };
    // The index finds the nearest max(limit, efSearch) by similarity; targets re-rank them.
    values.push(Math.max(limit, search.efSearch));
    return {
      text: `SELECT * FROM (SELECT ${select} FROM ${table} ${whereClause} ORDER BY embedding <#> ${profileParameter} LIMIT $${values.length}::int) AS nearest
ORDER BY score DESC, id LIMIT ${limitParameter}`,
      values,
    };
  };

  if (explain) {
    const { text, values } = statement(Math.max(2 * k, diversity > 0 ? Math.max(4 * k, 64) : 0));
    const plan = await tx.query(`EXPLAIN (COSTS OFF) ${text}`, values);
    return (plan.rows as Record<string, string>[]).map((row) => Object.values(row)[0] as string);
  }

  const fetch = async (limit: number): Promise<Row[]> => {
    const { text, values } = statement(limit);
    const result = await tx.query(text, values);
    const rows = (result.rows as Record<string, unknown>[]).map((row) => {
      const track = trackOf(row);
      return {
        track,
        key: row.duplicate_key as string,
        firstArtist: track.artists[0],
        vector: parseVector(row.embedding),
        similarity: Number(row.similarity),
        closeness: row.closeness === null ? null : Number(row.closeness),
        score: Number(row.score),
      };
    });
    // relaxed_order may return rows slightly out of order: sort them (stable).
    if (!exact && search.iterativeScan === 'relaxed_order') rows.sort((a, b) => b.score - a.score);
    return rows;
  };

  let picked: Row[];
  for (let limit = diversity > 0 ? Math.max(4 * k, 64) : 2 * k; ; limit *= 4) {
    const rows = await fetch(limit);
    picked = pickRows(rows, k, maxPerArtist, diversity);
    // Done when k are picked, every passing row was seen, or (without iterative scans) the
    // index gave what one scan of efSearch candidates gives.
    if (picked.length === k || rows.length < limit || limit >= after) break;
    if (!exact && search.iterativeScan === 'off') break;
  }
  const pools: SeedPool[] = seeds.map((seed) => ({
    type: seed.type,
    id: seed.id,
    initialPoolSize: initial,
    afterFilteringSize: after,
  }));
  return {
    tracks: picked.map((row) => explainRow(row, profile, seeds, meta.columns)),
    seeds: pools,
    pool: { initialPoolSize: initial, afterFilteringSize: after },
  };
}

/** No two copies of one song, the artist cap, then MMR: the recommender's own selection step. */
function pickRows(
  rows: readonly Row[],
  k: number,
  maxPerArtist: number | undefined,
  diversity: number,
): Row[] {
  return selectRecommendations(rows, {
    k,
    maxPerArtist,
    diversity,
    score: (row) => row.score,
    song: (row) => row.key,
    artist: (row) => row.firstArtist,
    similarity: (a, b) => dot(a.vector, b.vector),
  });
}

function explainRow(
  row: Row,
  profile: Float32Array,
  seeds: readonly Seed[],
  columns: readonly string[],
): Recommendation<Track> {
  let closest = 0;
  if (seeds.length > 1) {
    let best = -Infinity;
    seeds.forEach((seed, at) => {
      const score = dot(seed.vector, row.vector);
      if (score > best) {
        best = score;
        closest = at;
      }
    });
  }
  const seed = seeds[closest] as Seed;
  const contributions: FeatureContribution[] = columns
    .map((feature, j) => ({
      feature,
      contribution: (row.vector[j] as number) * (profile[j] as number),
    }))
    .filter((entry) => entry.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  return {
    track: row.track,
    score: row.score,
    similarity: row.similarity,
    targetCloseness: row.closeness,
    contributions,
    closestSeed: `${seed.type}:${seed.id}`,
  };
}
