import { CosineIndex } from '@spotrec/cosine';
import { InteractionMatrix, ItemKNN, ImplicitALS } from '@spotrec/collaborative';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  NotInCatalogError,
  Recommender,
  VectorScorer,
  hybridScorer,
  itemScorer,
  type RecommendRequest,
  type Scorer,
} from './index';

interface ToyTrack {
  id: string;
  name: string;
  artists: string[];
  genres: string[];
  tempo: number;
  energy: number;
}

const GENRES = ['pop', 'rock', 'jazz', 'folk'];
const ARTISTS = ['Ann', 'Bob', 'Cy', 'Dee', 'Eve'];

/** A seeded catalog with duplicates (same name and artists, other id) and 3-d vectors. */
function toyCatalog(seed: number, size: number) {
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const tracks: ToyTrack[] = [];
  const vectors = new Float32Array(size * 3);
  for (let row = 0; row < size; row += 1) {
    const duplicateOf = row > 3 && random() < 0.15 ? tracks[Math.floor(random() * row)] : undefined;
    tracks.push({
      id: `t${row}`,
      name: duplicateOf?.name ?? `Song ${row}`,
      artists: duplicateOf?.artists ?? [ARTISTS[Math.floor(random() * ARTISTS.length)] as string],
      genres: [GENRES[Math.floor(random() * GENRES.length)] as string],
      tempo: Math.round(60 + random() * 140),
      energy: Math.round(random() * 100) / 100,
    });
    for (let j = 0; j < 3; j += 1) vectors[row * 3 + j] = random() * 2 - 1;
  }
  return { tracks, matrix: { data: vectors, rows: size, cols: 3 } };
}

function normalise(vector: ArrayLike<number>): number[] {
  const norm = Math.sqrt(Array.from(vector).reduce((sum, value) => sum + value * value, 0));
  return Array.from(vector, (value) => (norm > 0 ? value / norm : 0));
}

const key = (track: ToyTrack) =>
  `${track.name.toLowerCase()}|${[...track.artists]
    .map((a) => a.toLowerCase())
    .sort()
    .join(',')}`;

/** Independent reading of the request's filters. */
function passes(track: ToyTrack, request: RecommendRequest): boolean {
  const inRange = (feature: 'tempo' | 'energy') =>
    track[feature] >= (request.min?.[feature] ?? -Infinity) &&
    track[feature] <= (request.max?.[feature] ?? Infinity);
  return (
    inRange('tempo') &&
    inRange('energy') &&
    (request.includeGenres === undefined ||
      track.genres.some((g) => request.includeGenres?.includes(g))) &&
    !track.genres.some((g) => request.excludeGenres?.includes(g)) &&
    (request.includeArtists === undefined ||
      track.artists.some((a) => request.includeArtists?.includes(a))) &&
    !track.artists.some((a) => request.excludeArtists?.includes(a))
  );
}

function scorersFor(
  tracks: ToyTrack[],
  matrix: { data: Float32Array; rows: number; cols: number },
) {
  const ids = tracks.map((track) => track.id);
  const vector = VectorScorer.build(CosineIndex.build(matrix, ids), ids);
  // Playlists: consecutive windows of the catalog, so item-kNN links neighbours.
  const pairs: [string, string][] = [];
  for (let row = 0; row + 3 < tracks.length; row += 2)
    for (let at = row; at < row + 4; at += 1) pairs.push([`p${row}`, ids[at] as string]);
  const interactions = InteractionMatrix.fromPairs(pairs);
  const knn = itemScorer(ItemKNN.fit(interactions, { neighbours: 20 }), ids, { name: 'item-kNN' });
  const als = itemScorer(
    ImplicitALS.fit(interactions, { factors: 4, iterations: 3, seed: 1 }),
    ids,
    {
      name: 'ALS',
    },
  );
  return {
    cosine: vector,
    'item-kNN': knn,
    ALS: als,
    'hybrid blend': hybridScorer(knn, vector, { weight: 0.3 }),
    'hybrid rank fusion': hybridScorer(als, vector, { method: 'rank-fusion', weight: 0.5 }),
  } satisfies Record<string, Scorer>;
}

const requestArbitrary = (size: number) =>
  fc
    .record(
      {
        seedTracks: fc.uniqueArray(
          fc.integer({ min: 0, max: size - 1 }).map((row) => `t${row}`),
          { minLength: 1, maxLength: 3 },
        ),
        k: fc.integer({ min: 1, max: 15 }),
        min: fc.option(fc.record({ tempo: fc.integer({ min: 60, max: 150 }) }), { nil: undefined }),
        max: fc.option(fc.record({ energy: fc.double({ min: 0.3, max: 1, noNaN: true }) }), {
          nil: undefined,
        }),
        target: fc.option(fc.record({ energy: fc.double({ min: 0, max: 1, noNaN: true }) }), {
          nil: undefined,
        }),
        includeGenres: fc.option(fc.subarray(GENRES, { minLength: 1 }), { nil: undefined }),
        excludeArtists: fc.option(fc.subarray(ARTISTS, { maxLength: 2 }), { nil: undefined }),
        maxPerArtist: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        diversity: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      },
      { requiredKeys: ['seedTracks', 'k'] },
    )
    .map(
      // Drop the absent options, as a caller would (exactOptionalPropertyTypes).
      (request) =>
        Object.fromEntries(
          Object.entries(request).filter(([, value]) => value !== undefined),
        ) as RecommendRequest,
    );

describe('Recommender.recommend(request) under every scorer', () => {
  const { tracks, matrix } = toyCatalog(11, 80);
  const scorers = scorersFor(tracks, matrix);
  const ids = tracks.map((track) => track.id);
  const diversityVectors = (scorers.cosine as VectorScorer).vectors;
  for (const [name, scorer] of Object.entries(scorers)) {
    it(`${name}: every hit passes every filter, no seed or duplicate of one, k whenever k can pass, pools counted`, () => {
      const recommender = Recommender.build({
        tracks,
        scorer,
        features: ['tempo', 'energy'],
        diversityVectors,
        ranges: { tempo: { min: 0, max: 400 }, energy: { min: 0, max: 1 } },
      });
      fc.assert(
        fc.property(requestArbitrary(tracks.length), (request) => {
          const response = recommender.recommend(request);
          const seedKeys = new Set(
            request.seedTracks?.map((id) => key(tracks[ids.indexOf(id)] as ToyTrack)),
          );
          const candidates = tracks.filter((track) => !seedKeys.has(key(track)));
          const passing = candidates.filter((track) => passes(track, request));
          // Pools, counted independently.
          expect(response.pool).toEqual({
            initialPoolSize: candidates.length,
            afterFilteringSize: passing.length,
          });
          // Every hit passes; no seed or duplicate; no two copies; cap respected.
          const hitKeys = new Set<string>();
          const perArtist = new Map<string, number>();
          for (const hit of response.tracks) {
            expect(passes(hit.track, request)).toBe(true);
            expect(seedKeys.has(key(hit.track))).toBe(false);
            expect(hitKeys.has(key(hit.track))).toBe(false);
            hitKeys.add(key(hit.track));
            const artist = hit.track.artists[0] as string;
            perArtist.set(artist, (perArtist.get(artist) ?? 0) + 1);
          }
          if (request.maxPerArtist !== undefined)
            for (const count of perArtist.values())
              expect(count).toBeLessThanOrEqual(request.maxPerArtist);
          // How many can be returned: distinct songs, at most maxPerArtist per first artist.
          const songsByArtist = new Map<string, Set<string>>();
          for (const track of passing) {
            const artist = track.artists[0] as string;
            songsByArtist.set(artist, (songsByArtist.get(artist) ?? new Set()).add(key(track)));
          }
          let possible = 0;
          for (const songs of songsByArtist.values())
            possible += Math.min(songs.size, request.maxPerArtist ?? Infinity);
          expect(response.tracks.length).toBe(Math.min(request.k ?? 20, possible));
        }),
        { numRuns: 60, seed: 5 },
      );
    });
  }
});

describe('Recommender with cosine: the ranking against a naive reference', () => {
  const { tracks, matrix } = toyCatalog(3, 120);
  const ids = tracks.map((track) => track.id);
  const scorer = VectorScorer.build(CosineIndex.build(matrix, ids), ids);
  const recommender = Recommender.build({ tracks, scorer, features: ['tempo', 'energy'] });
  const unit = Array.from({ length: tracks.length }, (_, row) =>
    normalise(matrix.data.subarray(row * 3, row * 3 + 3)),
  );
  const profileOf = (rows: number[]) =>
    normalise(
      rows
        .map((row) => unit[row] as number[])
        .reduce((sum, v) => sum.map((x, j) => x + (v[j] as number)), [0, 0, 0]),
    );
  const dot = (a: number[], b: number[]) => a.reduce((sum, x, j) => sum + x * (b[j] as number), 0);

  it('returns the k best allowed distinct songs by cosine to the normalised mean of the seeds, with the closest of two seeds', () => {
    const request = { seedTracks: ['t5', 't40'], min: { tempo: 90 }, k: 12 };
    const seedKeys = new Set(
      request.seedTracks.map((id) => key(tracks[ids.indexOf(id)] as ToyTrack)),
    );
    const profile = profileOf([5, 40]);
    const expected: { id: string; score: number; closest: string }[] = [];
    const seen = new Set<string>();
    tracks
      .map((track, row) => ({ track, row, score: dot(unit[row] as number[], profile) }))
      .filter(({ track }) => !seedKeys.has(key(track)) && passes(track, request))
      .sort((a, b) => b.score - a.score)
      .forEach(({ track, row, score }) => {
        if (seen.has(key(track)) || expected.length === 12) return;
        seen.add(key(track));
        const toFirst = dot(unit[row] as number[], unit[5] as number[]);
        const toSecond = dot(unit[row] as number[], unit[40] as number[]);
        expected.push({
          id: track.id,
          score,
          closest: toFirst >= toSecond ? 'track:t5' : 'track:t40',
        });
      });
    const response = recommender.recommend(request);
    expect(response.tracks.map((hit) => hit.track.id)).toEqual(expected.map((entry) => entry.id));
    response.tracks.forEach((hit, at) => {
      expect(hit.score).toBeCloseTo((expected[at] as { score: number }).score, 5);
      expect(hit.closestSeed).toBe((expected[at] as { closest: string }).closest);
      const sum = hit.contributions.reduce((total, entry) => total + entry.contribution, 0);
      expect(sum).toBeCloseTo(hit.similarity, 5);
    });
    // Both seeds are somebody's closest seed, so the check above can tell them apart.
    expect(new Set(expected.map((entry) => entry.closest)).size).toBe(2);
  });

  it('blends targets as (1 − w)·cosine + w·(1 − mean |value − target| ÷ catalog span)', () => {
    const request = {
      seedTracks: ['t7'],
      target: { energy: 0.2, tempo: 150 },
      targetWeight: 0.4,
      k: 10,
    };
    const span = (feature: 'energy' | 'tempo') =>
      Math.max(...tracks.map((t) => t[feature])) - Math.min(...tracks.map((t) => t[feature]));
    const profile = profileOf([7]);
    const seedKey = key(tracks[7] as ToyTrack);
    const seen = new Set<string>();
    const expected = tracks
      .map((track, row) => {
        const closeness =
          1 -
          (Math.min(1, Math.abs(track.energy - 0.2) / span('energy')) +
            Math.min(1, Math.abs(track.tempo - 150) / span('tempo'))) /
            2;
        return {
          track,
          closeness,
          score: 0.6 * dot(unit[row] as number[], profile) + 0.4 * closeness,
        };
      })
      .filter(({ track }) => key(track) !== seedKey)
      .sort((a, b) => b.score - a.score)
      .filter(({ track }) => !seen.has(key(track)) && Boolean(seen.add(key(track))))
      .slice(0, 10);
    const response = recommender.recommend(request);
    expect(response.tracks.map((hit) => hit.track.id)).toEqual(
      expected.map((entry) => entry.track.id),
    );
    response.tracks.forEach((hit, at) => {
      expect(hit.targetCloseness).toBeCloseTo((expected[at] as { closeness: number }).closeness, 9);
      expect(hit.score).toBeCloseTo((expected[at] as { score: number }).score, 5);
    });
  });

  it('with diversity 1 picks, after the first, the track of the 64 best least similar to those already picked', () => {
    const response = recommender.recommend({ seedTracks: ['t1'], k: 4, diversity: 1 });
    const picked = response.tracks.map((hit) => ids.indexOf(hit.track.id));
    const profile = profileOf([1]);
    const pool = new Set(
      tracks
        .map((track, row) => ({ track, row, score: dot(unit[row] as number[], profile) }))
        .filter(({ track }) => key(track) !== key(tracks[1] as ToyTrack))
        .sort((a, b) => b.score - a.score)
        .slice(0, 64)
        .map(({ row }) => row),
    );
    for (let at = 1; at < picked.length; at += 1) {
      const redundancy = (row: number) =>
        Math.max(
          ...picked.slice(0, at).map((p) => dot(unit[row] as number[], unit[p] as number[])),
        );
      const seedKey = key(tracks[1] as ToyTrack);
      const taken = new Set(picked.slice(0, at).map((row) => key(tracks[row] as ToyTrack)));
      const candidates = [...pool].filter(
        (row) =>
          key(tracks[row] as ToyTrack) !== seedKey && !taken.has(key(tracks[row] as ToyTrack)),
      );
      const best = Math.min(...candidates.map(redundancy));
      expect(redundancy(picked[at] as number)).toBeCloseTo(best, 5);
    }
  });

  it('resolves artist and genre seeds (case-insensitive) and names what it cannot find, with suggestions', () => {
    const response = recommender.recommend({ seedArtists: ['ann'], seedGenres: ['Jazz'], k: 3 });
    expect(response.seeds.map((seed) => `${seed.type}:${seed.id}`)).toEqual([
      'artist:Ann',
      'genre:jazz',
    ]);
    expect(() => recommender.recommend({ seedGenres: ['ja'] })).toThrow(NotInCatalogError);
    try {
      recommender.recommend({ seedTracks: ['t1'], includeGenres: ['jaz'] });
    } catch (error) {
      expect(NotInCatalogError.isInstance(error)).toBe(true);
      expect((error as NotInCatalogError).parameter).toBe('includeGenres[0]');
      expect((error as NotInCatalogError).suggestions).toEqual(['jazz']);
    }
    expect.assertions(5);
  });

  it.each([
    [{ seedTracks: ['t1'], k: 0 }, 'k'],
    [{ seedTracks: ['t1'], min: { tempo: 120 }, max: { tempo: 100 } }, 'min.tempo'],
    [{ seedTracks: ['t1'], target: { energy: 5 } }, 'target.energy'],
    [{ seedTracks: ['t1'], min: { loudness: 1 } }, 'min.loudness'],
    [{ seedTracks: ['t1'], diversity: 2 }, 'diversity'],
    [{ seedTracks: ['t1'], minimum: { tempo: 1 } }, 'request.minimum'],
    [{}, 'request'],
  ])('refuses %j naming %s', (request, parameter) => {
    try {
      recommender.recommend(request as RecommendRequest);
      expect.unreachable();
    } catch (error) {
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as InvalidArgumentError).parameter).toBe(parameter);
    }
  });
});

describe('itemScorer: per-seed pools from the model', () => {
  it('counts, per seed, the candidates the model links to that seed alone', () => {
    const tracks = ['a', 'b', 'c', 'd', 'e'].map((id) => ({
      id,
      name: id,
      artists: [id.toUpperCase()],
      genres: ['x'],
    }));
    const ids = tracks.map((track) => track.id);
    const links: Record<string, string[]> = { a: ['b', 'c'], d: ['e'] };
    const model = {
      items: ids,
      scores: (held: readonly string[]) =>
        ids.map((id) => (held.some((h) => links[h]?.includes(id)) ? 1 : 0)),
      reachable: (held: readonly string[]) =>
        ids.map((id) => held.some((h) => links[h]?.includes(id))),
    };
    const recommender = Recommender.build({ tracks, scorer: itemScorer(model, ids), features: [] });
    const response = recommender.recommend({ seedTracks: ['a', 'd'], k: 2, excludeArtists: ['C'] });
    expect(response.seeds).toEqual([
      { type: 'track', id: 'a', initialPoolSize: 2, afterFilteringSize: 1 },
      { type: 'track', id: 'd', initialPoolSize: 1, afterFilteringSize: 1 },
    ]);
    expect(response.tracks.map((hit) => [hit.track.id, hit.closestSeed])).toEqual([
      ['b', 'track:a'],
      ['e', 'track:d'],
    ]);
  });
});

describe('Recommender.build({ duplicateGroups })', () => {
  const tracks = [
    { id: 'a', name: 'Song', artists: ['X'], genres: ['g'] },
    { id: 'b', name: 'song ', artists: ['x'], genres: ['g'] },
    { id: 'c', name: 'Other', artists: ['X'], genres: ['g'] },
  ];
  const ids = tracks.map((track) => track.id);
  const index = CosineIndex.build(
    { data: Float32Array.of(1, 0, 0.9, 0.1, 0.8, 0.2), rows: 3, cols: 2 },
    ids,
  );
  const scorer = VectorScorer.build(index, ids);

  it('computes the groups with duplicateKey when omitted, and takes given ones as they are', () => {
    expect([...Recommender.build({ tracks, scorer, features: [] }).duplicateGroups]).toEqual([
      0, 0, 1,
    ]);
    const given = Recommender.build({
      tracks,
      scorer,
      features: [],
      duplicateGroups: Int32Array.of(0, 1, 2),
    });
    // With 'a' and 'b' as different songs, 'b' may now be recommended for 'a'.
    expect(given.recommend({ seedTracks: ['a'], k: 2 }).tracks.map((hit) => hit.track.id)).toEqual([
      'b',
      'c',
    ]);
  });

  it.each([
    [Int32Array.of(0, 2, 1), 'options.duplicateGroups[1]'],
    [Int32Array.of(0, -1, 1), 'options.duplicateGroups[1]'],
    [Int32Array.of(0, 1), 'options.duplicateGroups'],
  ])('refuses groups %s not numbered in row order, naming %s', (duplicateGroups, parameter) => {
    try {
      Recommender.build({ tracks, scorer, features: [], duplicateGroups });
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidArgumentError).parameter).toBe(parameter);
    }
  });
});
