import { describe, expect, it } from 'vitest';
import { mean, naiveList, naiveMetrics } from './__fixtures__/naive-metrics';
import {
  PROTOCOL_A_METRICS,
  compareSystems,
  evaluate,
  protocolHeldOutArtists,
  sharedGenreRelevance,
  type ArtistItem,
  type GroupSplit,
  type ProtocolSystem,
} from './index';

// 12 artists × 3 tracks; genres cycle so that every genre spans several artists. Some tracks
// have a featured artist second (the split follows the first one only).
const GENRES = ['jazz', 'soul', 'metal', 'pop', 'rap'];
const items: ArtistItem[] = Array.from({ length: 36 }, (_, index) => ({
  id: `t${index}`,
  genres: [GENRES[index % 5]!, ...(index % 7 === 0 ? [GENRES[(index + 2) % 5]!] : [])],
  artists: [`artist-${Math.floor(index / 3)}`, ...(index % 4 === 0 ? ['guest'] : [])],
}));
const firstArtist = (item: ArtistItem) => item.artists[0];

// A system that ranks the catalog by how many genres a track shares with the query, in catalog
// order on ties, and one that returns the catalog in a fixed rotated order.
const byGenre: ProtocolSystem = {
  name: 'genre overlap',
  recommend: (query) => {
    const genres = new Set(items.find((item) => item.id === query)?.genres);
    return items
      .map((item, at) => ({
        id: item.id,
        at,
        score: item.genres.filter((g) => genres.has(g)).length,
      }))
      .sort((a, b) => b.score - a.score || a.at - b.at)
      .map((entry) => entry.id);
  },
};
const rotated: ProtocolSystem = {
  name: 'rotated',
  recommend: (query) => {
    const at = items.findIndex((item) => item.id === query);
    return [...items.slice(at + 5), ...items.slice(0, at + 5)].map((item) => item.id);
  },
};

describe('protocolHeldOutArtists(options)', () => {
  it('builds the systems from an artist-disjoint split and queries only held-out artists', async () => {
    let seen: GroupSplit<ArtistItem, string> | undefined;
    const result = await protocolHeldOutArtists({
      items,
      systems: (split) => {
        seen = split;
        return [rotated];
      },
    });
    expect(result.protocol).toBe('A′');
    expect(seen).toBe(result.split);
    const trainArtists = new Set(result.split.train.map(firstArtist));
    const trainIds = new Set(result.split.train.map((item) => item.id));
    const heldOut = new Set(result.split.heldOutGroups);
    expect(heldOut.size).toBe(Math.round(0.2 * 12));
    for (const query of result.queries) {
      const item = items.find((candidate) => candidate.id === query)!;
      expect(trainIds.has(query)).toBe(false);
      expect(trainArtists.has(firstArtist(item)!)).toBe(false);
      expect(heldOut.has(firstArtist(item)!)).toBe(true);
    }
    // Every held-out artist's track is a query (fewer than the 3,000 default sample).
    expect([...result.queries].sort()).toEqual(result.split.test.map((item) => item.id).sort());
    expect(result.split.train.length + result.split.test.length).toBe(items.length);
  });

  it('is seeded: the same seed gives the same split, another seed another one', async () => {
    const run = (seed: number) =>
      protocolHeldOutArtists({ items, seed, systems: () => [rotated], metrics: ['precision'] });
    const first = await run(5);
    expect((await run(5)).split.heldOutGroups).toEqual(first.split.heldOutGroups);
    expect((await run(5)).queries).toEqual(first.queries);
    expect((await run(6)).split.heldOutGroups).not.toEqual(first.split.heldOutGroups);
  });

  it('holds out the share of distinct first artists within one artist', async () => {
    for (const share of [0.1, 0.2, 0.35, 0.5, 0.75]) {
      const { split } = await protocolHeldOutArtists({
        items,
        share,
        systems: () => [rotated],
        metrics: ['precision'],
      });
      expect(Math.abs(split.heldOutGroups.length - share * 12)).toBeLessThanOrEqual(1);
    }
  });

  it('scores against the whole catalog minus the query and its duplicates, as a naive recomputation does', async () => {
    const duplicateOf = (id: string | number) => (id === 't0' ? ['t5'] : id === 't5' ? ['t0'] : []);
    const result = await protocolHeldOutArtists({
      items,
      seed: 2,
      share: 0.5,
      queries: { size: 10, seed: 1 },
      exclude: duplicateOf,
      systems: () => [byGenre, rotated],
    });
    expect(result.queries).toHaveLength(10);
    expect(result.k).toBe(10);
    for (const row of result.systems) {
      const recommend = row.name === byGenre.name ? byGenre.recommend : rotated.recommend;
      const values = result.queries.map((query) => {
        const excluded = new Set([query, ...duplicateOf(query)]);
        const genres = new Set(items.find((item) => item.id === query)!.genres);
        const relevant = new Set(
          items
            .filter((item) => !excluded.has(item.id) && item.genres.some((g) => genres.has(g)))
            .map((item) => item.id),
        );
        return naiveMetrics(naiveList(recommend(query) as string[], excluded, 10), relevant, 10);
      });
      for (const metric of PROTOCOL_A_METRICS) {
        const expected = mean(values.map((value) => value[metric as keyof (typeof values)[0]]));
        expect(row.metrics[metric]?.mean).toBeCloseTo(expected, 12);
      }
    }
    // And the comparison of 'rotated' with the reference (the first system) is compareSystems'.
    expect(result.reference).toBe('genre overlap');
    const direct = (system: ProtocolSystem) =>
      evaluate({
        queries: result.queries,
        recommend: system.recommend,
        relevant: sharedGenreRelevance(items),
        exclude: (id) => [id, ...duplicateOf(id)],
        metrics: ['ndcg'],
      });
    const expected = compareSystems(await direct(rotated), await direct(byGenre), 'ndcg');
    expect(result.comparisons.find((row) => row.metric === 'ndcg')).toMatchObject({
      system: 'rotated',
      meanDifference: expected.difference,
      interval: expected.ci95,
      pValue: expected.pValue,
    });
  });

  it('treats a track without artists as the unnamed artist ""', async () => {
    const withNameless = [...items, { id: 'x', genres: ['pop'], artists: [] }];
    const { split } = await protocolHeldOutArtists({
      items: withNameless,
      share: 0.5,
      systems: () => [rotated],
      metrics: ['precision'],
    });
    const side = split.heldOutGroups.includes('') ? split.test : split.train;
    expect(side.some((item) => item.id === 'x')).toBe(true);
  });

  it('throws for a bad share or seed, or items without artists, before building systems', async () => {
    let built = false;
    const systems = () => ((built = true), [rotated]);
    await expect(protocolHeldOutArtists({ items, systems, share: 1 })).rejects.toThrow(/"share"/);
    await expect(protocolHeldOutArtists({ items, systems, seed: 1.5 })).rejects.toThrow(/"seed"/);
    await expect(
      protocolHeldOutArtists({
        items: [{ id: 'a', genres: [] } as unknown as ArtistItem],
        systems,
      }),
    ).rejects.toThrow(/"items\[0\].artists"/);
    expect(built).toBe(false);
    await expect(protocolHeldOutArtists({ items, systems: () => [] })).rejects.toThrow(
      /"systems\(split\)"/,
    );
  });
});
