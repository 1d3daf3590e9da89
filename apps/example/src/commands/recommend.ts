import type { RecommendRequest } from '@spotrec/cosine';
import type { Catalog } from '../catalog';
import { renderTable } from '../format';
import { findTrack } from '../fuzzy';
import { writeLine, type CliIO } from '../io';
import { autoencoderFor, featureMatrix, recommenderOver } from '../models';
import { CliDataError } from '../errors';

export interface RecommendOptions {
  readonly track: string;
  readonly model: 'cosine' | 'autoencoder';
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
  const match = findTrack(catalog.tracks, options.track);
  if ('suggestions' in match) {
    const list = match.suggestions.map(
      (track) => `"${track.name}" by ${track.artists.join(', ') || 'unknown'} (${track.id})`,
    );
    throw new CliDataError(
      `no track matches ${JSON.stringify(options.track)}. Did you mean: ${list.join('; ')}?`,
    );
  }
  const seed = match.track;
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
    seedTracks: [seed.id],
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
        seed: { id: seed.id, name: seed.name, artists: seed.artists, genres: seed.genres },
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
  writeLine(
    io.stdout,
    `Seed: "${seed.name}" by ${seed.artists.join(', ') || 'unknown'} [${seed.genres.join(', ')}] (${seed.id}); model: ${options.model}`,
  );
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
