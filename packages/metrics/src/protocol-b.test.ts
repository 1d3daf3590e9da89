import { describe, expect, it } from 'vitest';
import { mean } from './__fixtures__/naive-metrics';
import {
  PROTOCOL_B_METRICS,
  compareSystems,
  evaluate,
  heldOutRelevance,
  holdOutPlaylists,
  protocolB,
  type ProtocolSystem,
} from './index';

const playlists = new Map<string, string[]>([
  ['road trip', ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 't10']],
  ['rainy day', ['t2', 't4', 't6', 't8', 't11', 't12']],
  ['party', ['t1', 't3', 't5', 't13', 't14']],
  ['pair', ['t7', 't15']],
  ['single', ['t16']],
]);
const catalog = Array.from({ length: 16 }, (_, index) => `t${index + 1}`);

describe('protocolB(options)', () => {
  it('hides ≥1 track per splittable playlist and fits the systems on the visible part only', async () => {
    let seen: ReadonlyMap<string, readonly (string | number)[]> | undefined;
    const result = await protocolB({
      playlists,
      systems: (visible) => {
        seen = visible;
        return [{ name: 'catalog order', recommend: () => catalog }];
      },
    });
    expect(result.protocol).toBe('B');
    expect(result.k).toBe(50);
    expect(seen).toBe(result.split.visible);
    expect(result.queries).toEqual(['road trip', 'rainy day', 'party', 'pair']);
    for (const [playlist, items] of playlists) {
      const visible = result.split.visible.get(playlist) ?? [];
      const hidden = result.split.hidden.get(playlist) ?? [];
      if (playlist !== 'single') expect(hidden.length).toBeGreaterThanOrEqual(1);
      expect(visible.filter((item) => hidden.includes(item))).toEqual([]);
      expect([...visible, ...hidden].sort()).toEqual([...items].sort());
    }
    expect(result.split.hidden.has('single')).toBe(false);
    // The whole catalog at k = 50 finds every hidden track.
    expect(result.systems[0]?.metrics.recall?.mean).toBe(1);
  });

  it('ranks every track outside the visible part and computes recall and NDCG as a naive recomputation does', async () => {
    const k = 3;
    const reversed = [...catalog].reverse();
    const result = await protocolB({
      playlists,
      holdOut: 0.4,
      seed: 3,
      k,
      systems: () => [
        { name: 'catalog order', recommend: () => catalog },
        { name: 'reversed', recommend: () => reversed },
      ],
    });
    const split = holdOutPlaylists(playlists, { share: 0.4, seed: 3 });
    expect(result.split).toEqual(split);
    for (const [row, ranking] of [
      [result.systems[0]!, catalog],
      [result.systems[1]!, reversed],
    ] as const) {
      const recalls: number[] = [];
      const ndcgs: number[] = [];
      for (const playlist of result.queries) {
        const visible = new Set(split.visible.get(playlist));
        const hidden = new Set(split.hidden.get(playlist));
        const list = ranking.filter((id) => !visible.has(id)).slice(0, k);
        let hits = 0;
        let dcg = 0;
        list.forEach((id, rank) => {
          if (hidden.has(id)) {
            hits += 1;
            dcg += 1 / Math.log2(rank + 2);
          }
        });
        let ideal = 0;
        for (let rank = 0; rank < Math.min(k, hidden.size); rank += 1)
          ideal += 1 / Math.log2(rank + 2);
        recalls.push(hits / hidden.size);
        ndcgs.push(dcg / ideal);
      }
      expect(row.metrics.recall?.mean).toBeCloseTo(mean(recalls), 12);
      expect(row.metrics.ndcg?.mean).toBeCloseTo(mean(ndcgs), 12);
      expect(Object.keys(row.metrics)).toEqual([...PROTOCOL_B_METRICS]);
      // No evaluated list holds a track of its playlist's visible part.
      row.lists.forEach((list, at) => {
        const visible = split.visible.get(result.queries[at]!) ?? [];
        expect(list.filter((id) => visible.includes(id))).toEqual([]);
      });
    }
    // Comparisons are compareSystems' paired t-test against the first system.
    const direct = async (ranking: string[]) =>
      evaluate({
        queries: result.queries,
        recommend: () => ranking,
        relevant: heldOutRelevance(split.hidden),
        exclude: (playlist) => split.visible.get(playlist) ?? [],
        k,
        metrics: PROTOCOL_B_METRICS,
      });
    const expected = compareSystems(await direct(reversed), await direct(catalog), 'recall');
    expect(result.comparisons[0]).toEqual({
      system: 'reversed',
      reference: 'catalog order',
      metric: 'recall',
      meanDifference: expected.difference,
      interval: expected.ci95,
      pValue: expected.pValue,
    });
  });

  it('takes [playlist, track] pairs and passes playlist ids to recommend', async () => {
    const pairs = [...playlists].flatMap(([playlist, items]) =>
      items.map((item) => [playlist, item] as const),
    );
    const asked: string[] = [];
    const system: ProtocolSystem<string> = {
      name: 'echo',
      recommend: (playlist) => {
        asked.push(playlist);
        return catalog;
      },
    };
    const fromPairs = await protocolB({ playlists: pairs, systems: () => [system] });
    expect(asked).toEqual(fromPairs.queries);
    const fromMap = await protocolB({ playlists, systems: () => [system] });
    expect(fromPairs.split).toEqual(fromMap.split);
  });

  it('throws when no playlist can be split, or for a bad hold-out share', async () => {
    const systems = () => [{ name: 'none', recommend: () => [] }];
    await expect(protocolB({ playlists: new Map([['one', ['a']]]), systems })).rejects.toThrow(
      /"playlists"/,
    );
    await expect(protocolB({ playlists, systems, holdOut: 0 })).rejects.toThrow(/"holdOut"/);
  });
});
