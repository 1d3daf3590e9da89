import type { RecommendRequest } from '@spotrec/recommender';
import type { Catalog } from '../catalog';
import { renderTable } from '../format';
import { closestNames, findTrack, hasArtist } from '../fuzzy';
import { writeLine, type CliIO } from '../io';
import type { OpenedModel } from '../models';
import { CliDataError } from '../errors';
import type { Track } from '@spotrec/data';

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
  /** `--artist`: pick the seed track among this artist's tracks. */
  readonly artist?: string;
  readonly k: number;
  readonly min: Record<string, number>;
  readonly max: Record<string, number>;
  readonly target: Record<string, number>;
  readonly includeGenres: string[];
  readonly excludeGenres: string[];
  readonly excludeArtists: string[];
  readonly maxPerArtist?: number;
  readonly diversity: number;
  readonly json: boolean;
}

/** `spotrec recommend <track>`: the /recommendations-style query with explanations, through a bundle. */
export async function recommendCommand(
  open: () => Promise<OpenedModel>,
  options: RecommendOptions,
  io: CliIO,
): Promise<void> {
  const { bundle, catalog } = await open();
  const filters: RecommendRequest = {
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
  // Bad values are usage errors, found before the seed is looked up.
  bundle.recommender.checkRequest(filters);
  let seed: Track | undefined;
  if (options.track !== undefined) seed = pickSeed(catalog, options.track, options.artist, io);
  checkGenres(catalog, options);
  if (seed === undefined && options.seedArtists.length === 0 && options.seedGenres.length === 0) {
    throw new CliDataError('give a seed: a track (id or name), --seed-artists or --seed-genres');
  }
  const response = bundle.recommend({
    ...filters,
    ...(seed === undefined ? {} : { seedTracks: [seed.id] }),
    seedArtists: options.seedArtists,
    seedGenres: options.seedGenres,
  });
  const model = bundle.manifest.model;
  if (options.json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        source: catalog.description,
        synthetic: catalog.synthetic,
        model: { kind: model.kind, name: model.name, fingerprint: bundle.fingerprint },
        seed: seedJSON(seed, options),
        seeds: response.seeds,
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
  const count = (value: number) => value.toLocaleString('en-US');
  writeLine(io.stdout, catalog.description);
  writeLine(io.stdout, `${seedLine(seed, options)}; model: ${model.name}`);
  writeLine(
    io.stdout,
    `Pool: ${count(response.pool.initialPoolSize)} candidates, ${count(response.pool.afterFilteringSize)} after filtering` +
      (response.seeds.length > 1 || model.kind !== 'features'
        ? ` (per seed: ${response.seeds.map((pool) => `${pool.type} ${pool.id} ${count(pool.initialPoolSize)} → ${count(pool.afterFilteringSize)}`).join('; ')})`
        : ''),
  );
  writeLine(io.stdout);
  writeLine(
    io.stdout,
    renderTable(
      ['#', 'track', 'artists', 'genres', 'score', 'closest seed', 'top contributions'],
      response.tracks.map((hit, at) => [
        String(at + 1),
        hit.track.name,
        hit.track.artists.join(', '),
        hit.track.genres.join(', '),
        hit.score,
        hit.closestSeed,
        hit.contributions
          .slice(0, 3)
          .map((entry) => `${entry.feature} ${entry.contribution.toFixed(3)}`)
          .join(', ') || '-',
      ]),
    ),
  );
}
