import type { RecommendRequest } from '@spotrec/cosine';
import { openInteractions, type Catalog, type InteractionsSettings } from '../catalog';
import { renderTable } from '../format';
import { closestNames, findTrack, hasArtist } from '../fuzzy';
import { writeLine, type CliIO } from '../io';
import { autoencoderFor, featureMatrix, recommenderOver } from '../models';
import { CliDataError } from '../errors';
import type { Track } from '@spotrec/data';
import {
  ContentScorer,
  HybridRecommender,
  InteractionMatrix,
  ItemKNN,
} from '@spotrec/collaborative';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';

function seedJSON(seed: Track | undefined, options: RecommendOptions) {
  return {
    track:
      seed === undefined
        ? null
        : { id: seed.id, name: seed.name, artists: seed.artists, genres: seed.genres },
    artists: options.seedArtists,
    genres: options.seedGenres,
  };
}

function seedLine(seed: Track | undefined, options: RecommendOptions): string {
  const parts: string[] = [];
  if (seed !== undefined)
    parts.push(
      `"${seed.name}" by ${seed.artists.join(', ') || 'unknown'} [${seed.genres.join(', ')}] (${seed.id})`,
    );
  if (options.seedArtists.length > 0) parts.push(`artists ${options.seedArtists.join(', ')}`);
  if (options.seedGenres.length > 0) parts.push(`genres ${options.seedGenres.join(', ')}`);
  return `Seed: ${parts.join('; ')}`;
}

function duplicateKey(track: Track): string {
  return `${track.name.trim().toLowerCase()}\u0000${track.artists
    .map((artist) => artist.toLowerCase())
    .sort()
    .join('\u0001')}`;
}

/**
 * `--model hybrid`: item-kNN on the playlists of --interactions blended with 0.3 × content
 * (z-scored audio) over the catalog; the seeds are the user's items; filters exclude tracks
 * before ranking. Targets, diversity and the artist cap belong to the cosine recommender.
 */
async function hybridRecommend(
  catalog: Catalog,
  seed: Track | undefined,
  options: RecommendOptions,
  io: CliIO,
): Promise<void> {
  if (options.interactions === undefined)
    throw new CliDataError(
      '--model hybrid needs --interactions <csv> (playlists × tracks, TidyTuesday layout)',
    );
  if (
    Object.keys(options.target).length > 0 ||
    options.diversity > 0 ||
    options.maxPerArtist !== undefined
  ) {
    throw new CliDataError(
      '--target, --diversity and --max-per-artist work with --model cosine or autoencoder, not hybrid',
    );
  }
  const interactions = await openInteractions(
    options.interactions,
    options.interactionsSettings,
    io,
  );
  const knn = ItemKNN.fit(InteractionMatrix.from(interactions), { neighbours: 200 });
  const ids = catalog.tracks.map((track) => track.id);
  const content = new ContentScorer(
    ids,
    new FeaturePipeline<Track>(spotifyFeatureSpec({ scaler: 'zscore' })).fitTransform(
      catalog.tracks,
    ),
  );
  const hybrid = new HybridRecommender({ collaborative: knn, content, weight: 0.3 });
  const seedItems = catalog.tracks
    .filter(
      (track) =>
        track.id === seed?.id ||
        track.artists.some((artist) => options.seedArtists.includes(artist)) ||
        track.genres.some((genre) => options.seedGenres.includes(genre)),
    )
    .map((track) => track.id);
  const seedKeys = new Set(
    catalog.tracks.filter((track) => seedItems.includes(track.id)).map(duplicateKey),
  );
  const passes = (track: Track): boolean =>
    !seedKeys.has(duplicateKey(track)) &&
    (options.includeGenres.length === 0 ||
      track.genres.some((genre) => options.includeGenres.includes(genre))) &&
    !track.genres.some((genre) => options.excludeGenres.includes(genre)) &&
    !track.artists.some((artist) => options.excludeArtists.includes(artist)) &&
    Object.entries(options.min).every(
      ([feature, value]) => (track[feature as keyof Track] as number) >= value,
    ) &&
    Object.entries(options.max).every(
      ([feature, value]) => (track[feature as keyof Track] as number) <= value,
    );
  const excluded = catalog.tracks.filter((track) => !passes(track)).map((track) => track.id);
  const hits = hybrid.recommend(seedItems, options.k, { exclude: excluded });
  const byId = new Map(catalog.tracks.map((track) => [track.id, track]));
  const pool = {
    beforeFiltering: catalog.tracks.length - seedItems.length,
    afterFiltering: catalog.tracks.length - excluded.length,
  };
  if (options.json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        source: catalog.description,
        synthetic: catalog.synthetic,
        model: 'hybrid',
        seed: seedJSON(seed, options),
        pool,
        tracks: hits.map((hit) => {
          const track = byId.get(hit.id) as Track;
          return {
            id: track.id,
            name: track.name,
            artists: track.artists,
            genres: track.genres,
            score: hit.score,
          };
        }),
      }),
    );
    return;
  }
  writeLine(io.stdout, catalog.description);
  writeLine(
    io.stdout,
    `${seedLine(seed, options)}; model: hybrid (item-kNN on ${options.interactions} + 0.3 × content)`,
  );
  writeLine(
    io.stdout,
    `Pool: ${pool.beforeFiltering.toLocaleString('en-US')} candidates, ${pool.afterFiltering.toLocaleString('en-US')} after filtering`,
  );
  writeLine(io.stdout);
  writeLine(
    io.stdout,
    renderTable(
      ['#', 'track', 'artists', 'genres', 'score'],
      hits.map((hit, at) => {
        const track = byId.get(hit.id) as Track;
        return [
          String(at + 1),
          track.name,
          track.artists.join(', '),
          track.genres.join(', '),
          hit.score,
        ];
      }),
    ),
  );
}

/** How many other tracks of the same name the seed notice lists. */
const SAME_NAME_LISTED = 10;

function trackLabel(track: Track): string {
  return `"${track.name}" by ${track.artists.join(', ') || 'unknown'} (${track.id}${track.popularity === null ? '' : `, popularity ${track.popularity}`})`;
}

/**
 * The seed track by id or name (among `artist`'s tracks when given); when several tracks share
 * the name, says on stderr which one was picked and lists the others.
 */
function pickSeed(catalog: Catalog, query: string, artist: string | undefined, io: CliIO): Track {
  if (artist !== undefined && !catalog.tracks.some((track) => hasArtist(track, artist))) {
    const artists = new Set(catalog.tracks.flatMap((track) => track.artists));
    throw new CliDataError(
      `no track is by ${JSON.stringify(artist)} (--artist). Did you mean: ${closestNames(artist, artists).join(', ')}?`,
    );
  }
  const match = findTrack(catalog.tracks, query, artist);
  if ('suggestions' in match) {
    const list = match.suggestions.map(
      (track) => `"${track.name}" by ${track.artists.join(', ') || 'unknown'} (${track.id})`,
    );
    throw new CliDataError(
      `no track${artist === undefined ? '' : ` by ${JSON.stringify(artist)}`} matches ${JSON.stringify(query)}. Did you mean: ${list.join('; ')}?`,
    );
  }
  const others = match.sameName;
  if (others.length > 0) {
    writeLine(
      io.stderr,
      `spotrec: ${others.length + 1} tracks are named ${JSON.stringify(match.track.name)}${artist === undefined ? '' : ` by ${artist}`}; using the most popular, ${trackLabel(match.track)}. Give an id${artist === undefined ? ' or --artist NAME' : ''} to pick another:`,
    );
    for (const track of others.slice(0, SAME_NAME_LISTED))
      writeLine(io.stderr, `  ${trackLabel(track)}`);
    if (others.length > SAME_NAME_LISTED)
      writeLine(io.stderr, `  and ${others.length - SAME_NAME_LISTED} more`);
  }
  return match.track;
}

/** Rejects a genre of --seed-genres, --include-genres or --exclude-genres the catalog lacks. */
function checkGenres(catalog: Catalog, options: RecommendOptions): void {
  const known = new Set(catalog.tracks.flatMap((track) => track.genres));
  for (const [option, genres] of [
    ['--seed-genres', options.seedGenres],
    ['--include-genres', options.includeGenres],
    ['--exclude-genres', options.excludeGenres],
  ] as const) {
    const unknown = genres.find((genre) => !known.has(genre));
    if (unknown !== undefined) {
      throw new CliDataError(
        `no track has the genre ${JSON.stringify(unknown)} (${option}). Did you mean: ${closestNames(unknown, known).join(', ')}?`,
      );
    }
  }
}

export interface RecommendOptions {
  readonly track?: string;
  readonly seedArtists: string[];
  readonly seedGenres: string[];
  readonly interactions?: string;
  readonly interactionsSettings: InteractionsSettings;
  /** `--artist`: pick the seed track among this artist's tracks. */
  readonly artist?: string;
  readonly model: 'cosine' | 'autoencoder' | 'hybrid';
  readonly modelDir: string;
  readonly k: number;
  readonly min: Record<string, number>;
  readonly max: Record<string, number>;
  readonly target: Record<string, number>;
  readonly includeGenres: string[];
  readonly excludeGenres: string[];
  readonly excludeArtists: string[];
  readonly maxPerArtist?: number;
  readonly diversity: number;
  readonly seed: number;
  readonly json: boolean;
}

/** `spotrec recommend <track>`: the /recommendations-style query with explanations. */
export async function recommendCommand(
  catalog: Catalog,
  options: RecommendOptions,
  io: CliIO,
): Promise<void> {
  let seed: Track | undefined;
  if (options.track !== undefined) seed = pickSeed(catalog, options.track, options.artist, io);
  checkGenres(catalog, options);
  if (seed === undefined && options.seedArtists.length === 0 && options.seedGenres.length === 0) {
    throw new CliDataError('give a seed: a track (id or name), --seed-artists or --seed-genres');
  }
  if (options.model === 'hybrid') {
    await hybridRecommend(catalog, seed, options, io);
    return;
  }
  const matrix = featureMatrix(catalog.tracks);
  let vectors: { data: Float32Array; rows: number; cols: number } = matrix;
  let columns: readonly string[] = matrix.columns;
  if (options.model === 'autoencoder') {
    const { model } = await autoencoderFor(matrix, options.modelDir, {
      epochs: 30,
      seed: options.seed,
    });
    vectors = model.encode(matrix);
    columns = Array.from({ length: vectors.cols }, (_, at) => `embedding${at + 1}`);
    model.dispose();
  }
  const { recommender } = recommenderOver(catalog.tracks, vectors, columns);
  const request: RecommendRequest = {
    ...(seed === undefined ? {} : { seedTracks: [seed.id] }),
    seedArtists: options.seedArtists,
    seedGenres: options.seedGenres,
    k: options.k,
    min: options.min,
    max: options.max,
    target: options.target,
    ...(options.includeGenres.length > 0 ? { includeGenres: options.includeGenres } : {}),
    excludeGenres: options.excludeGenres,
    excludeArtists: options.excludeArtists,
    ...(options.maxPerArtist === undefined ? {} : { maxPerArtist: options.maxPerArtist }),
    diversity: options.diversity,
  };
  const response = recommender.recommend(request);
  if (options.json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        source: catalog.description,
        synthetic: catalog.synthetic,
        model: options.model,
        seed: seedJSON(seed, options),
        pool: response.pool,
        tracks: response.tracks.map((hit) => ({
          id: hit.track.id,
          name: hit.track.name,
          artists: hit.track.artists,
          genres: hit.track.genres,
          score: hit.score,
          similarity: hit.similarity,
          targetCloseness: hit.targetCloseness,
          closestSeed: hit.closestSeed,
          contributions: hit.contributions.slice(0, 5),
        })),
      }),
    );
    return;
  }
  writeLine(io.stdout, catalog.description);
  writeLine(io.stdout, `${seedLine(seed, options)}; model: ${options.model}`);
  writeLine(
    io.stdout,
    `Pool: ${response.pool.beforeFiltering.toLocaleString('en-US')} candidates, ${response.pool.afterFiltering.toLocaleString('en-US')} after filtering`,
  );
  writeLine(io.stdout);
  writeLine(
    io.stdout,
    renderTable(
      ['#', 'track', 'artists', 'genres', 'score', 'top contributions'],
      response.tracks.map((hit, at) => [
        String(at + 1),
        hit.track.name,
        hit.track.artists.join(', '),
        hit.track.genres.join(', '),
        hit.score,
        hit.contributions
          .slice(0, 3)
          .map((entry) => `${entry.feature} ${entry.contribution.toFixed(3)}`)
          .join(', '),
      ]),
    ),
  );
}
