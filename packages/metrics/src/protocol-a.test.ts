import { describe, expect, it } from 'vitest';
import { mean, naiveList, naiveMetrics } from './__fixtures__/naive-metrics';
import {
  InvalidArgumentError,
  PROTOCOL_A_METRICS,
  compareSystems,
  evaluate,
  protocolA,
  sharedGenreRelevance,
  type ProtocolSystem,
} from './index';

// A tiny catalog; 'a2' duplicates 'a' (the caller's duplicate rule says so).
const items = [
  { id: 'a', genres: ['jazz'] },
  { id: 'b', genres: ['jazz', 'soul'] },
  { id: 'c', genres: ['soul'] },
  { id: 'd', genres: ['metal'] },
  { id: 'e', genres: ['metal', 'jazz'] },
  { id: 'f', genres: ['metal'] },
  { id: 'a2', genres: ['jazz'] },
];
const duplicates: Record<string, string[]> = { a: ['a2'], a2: ['a'] };
const exclude = (id: string | number) => duplicates[id] ?? [];

// Relevant sets written out by hand from the genres above (shares a genre, not the query, not
// its duplicate).
const relevantByHand: Record<string, string[]> = {
  a: ['b', 'e'],
  b: ['a', 'c', 'e', 'a2'],
  c: ['b'],
  d: ['e', 'f'],
  e: ['a', 'b', 'd', 'f', 'a2'],
  f: ['d', 'e'],
  a2: ['b', 'e'],
};

const rankings: Record<string, Record<string, string[]>> = {
  'hand-made': {
    a: ['a', 'a2', 'b', 'c', 'e'],
    b: ['c', 'd', 'a'],
    c: ['f', 'b', 'e'],
    d: ['d', 'f', 'a', 'e'],
    e: ['c', 'a2', 'f', 'b'],
    f: ['a', 'b', 'c'],
    a2: ['a', 'e', 'b'],
  },
  reversed: {
    a: ['e', 'c', 'b', 'a2', 'a'],
    b: ['a', 'd', 'c'],
    c: ['e', 'b', 'f'],
    d: ['e', 'a', 'f', 'd'],
    e: ['b', 'f', 'a2', 'c'],
    f: ['c', 'b', 'a'],
    a2: ['b', 'e', 'a'],
  },
};
const system = (name: string, circular = false): ProtocolSystem => ({
  name,
  circular,
  recommend: (id) => rankings[name]?.[id] ?? [],
});

describe('protocolA(options)', () => {
  it('computes every metric as a naive recomputation does', async () => {
    const k = 2;
    const result = await protocolA({
      items,
      systems: [system('hand-made'), system('reversed')],
      exclude,
      k,
    });
    expect(result.protocol).toBe('A');
    expect(result.k).toBe(k);
    expect(result.queries).toEqual(items.map((item) => item.id));
    for (const row of result.systems) {
      const values = result.queries.map((query) => {
        const excluded = new Set([query, ...(duplicates[query] ?? [])]);
        const list = naiveList(rankings[row.name]?.[query] ?? [], excluded, k);
        return naiveMetrics(list, new Set(relevantByHand[query]), k);
      });
      for (const metric of PROTOCOL_A_METRICS) {
        const expected = values.map((value) => value[metric as keyof (typeof values)[0]]);
        expect(row.metrics[metric]?.mean).toBeCloseTo(mean(expected), 12);
        expect(row.metrics[metric]?.n).toBe(items.length);
        expect([...(row.perQuery[metric] ?? [])]).toEqual(
          expected.map((value) => expect.closeTo(value, 12)),
        );
      }
      expect(row.metrics.hit).toBeUndefined();
    }
    // Spot checks by hand: 'hand-made' for 'a' keeps ['b', 'c'] → P@2 = 1/2, RR = 1.
    expect(result.systems[0]?.lists[0]).toEqual(['b', 'c']);
    expect(result.systems[0]?.perQuery.precision?.[0]).toBe(0.5);
    expect(result.systems[0]?.perQuery.mrr?.[0]).toBe(1);
  });

  it('compares every other system with the reference exactly as compareSystems does', async () => {
    const result = await protocolA({
      items,
      systems: [system('hand-made'), system('reversed')],
      exclude,
      k: 3,
    });
    expect(result.reference).toBe('hand-made');
    expect(result.comparisons).toHaveLength(PROTOCOL_A_METRICS.length);
    const relevant = sharedGenreRelevance(items);
    const run = (name: string) =>
      evaluate({
        queries: result.queries,
        recommend: (id) => rankings[name]?.[id] ?? [],
        relevant,
        exclude: (id) => [id, ...exclude(id)],
        k: 3,
        metrics: PROTOCOL_A_METRICS,
      });
    const reference = await run('hand-made');
    const other = await run('reversed');
    for (const comparison of result.comparisons) {
      const direct = compareSystems(other, reference, comparison.metric);
      expect(comparison).toEqual({
        system: 'reversed',
        reference: 'hand-made',
        metric: comparison.metric,
        meanDifference: direct.difference,
        interval: direct.ci95,
        pValue: direct.pValue,
      });
    }
  });

  it('labels circular systems and never takes one as the default reference', async () => {
    const result = await protocolA({
      items,
      systems: [system('reversed', true), system('hand-made')],
      exclude,
    });
    expect(result.systems.map((row) => [row.name, row.circular])).toEqual([
      ['reversed', true],
      ['hand-made', false],
    ]);
    expect(result.reference).toBe('hand-made');
    expect(result.comparisons.every((row) => row.system === 'reversed')).toBe(true);
    const named = await protocolA({
      items,
      systems: [system('reversed', true), system('hand-made')],
      reference: 'reversed',
    });
    expect(named.reference).toBe('reversed');
    await expect(protocolA({ items, systems: [system('reversed', true)] })).rejects.toThrow(
      /not circular/,
    );
  });

  it('runs every system on the same seeded sample of queries', async () => {
    const seen: Record<string, (string | number)[]> = { one: [], two: [] };
    const recorder = (name: string): ProtocolSystem => ({
      name,
      recommend: (id) => {
        seen[name]?.push(id);
        return [];
      },
    });
    const options = {
      items,
      systems: [recorder('one'), recorder('two')],
      queries: { size: 4, seed: 3 },
    };
    const result = await protocolA(options);
    expect(result.queries).toHaveLength(4);
    expect(seen.one).toEqual(result.queries);
    expect(seen.two).toEqual(result.queries);
    expect((await protocolA(options)).queries).toEqual(result.queries);
  });

  it('takes a relevance rule of its own instead of genres', async () => {
    const result = await protocolA({
      items: [{ id: 1 }, { id: 2 }, { id: 3 }],
      relevant: (query) => new Set([query === 3 ? 1 : (query as number) + 1]),
      systems: [{ name: 'next', recommend: (id) => [(id as number) + 1, 1] }],
      k: 1,
      metrics: ['precision'],
    });
    // queries 1 and 2 find their successor; query 3 is offered 4 (not relevant)
    expect(result.systems[0]?.metrics.precision?.mean).toBeCloseTo(2 / 3, 12);
  });

  it('reports progress over systems × queries and stops on an aborted signal', async () => {
    const calls: [number, number][] = [];
    await protocolA({
      items,
      systems: [system('hand-made'), system('reversed')],
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(calls).toHaveLength(14);
    expect(calls.at(-1)).toEqual([14, 14]);
    const controller = new AbortController();
    const aborting: ProtocolSystem = {
      name: 'aborts',
      recommend: () => {
        controller.abort(new Error('stop'));
        return [];
      },
    };
    await expect(
      protocolA({ items, systems: [aborting], signal: controller.signal }),
    ).rejects.toThrow('stop');
  });

  it('throws for bad arguments before running any system', async () => {
    const systems = [system('hand-made')];
    await expect(protocolA({ items: [], systems })).rejects.toThrow(InvalidArgumentError);
    await expect(protocolA({ items, systems, k: 0 })).rejects.toThrow(/"k"/);
    await expect(protocolA({ items, systems: [] })).rejects.toThrow(/"systems"/);
    await expect(protocolA({ items, systems: [...systems, ...systems] })).rejects.toThrow(
      /"systems\[1\].name"/,
    );
    await expect(protocolA({ items, systems, reference: 'nope' })).rejects.toThrow(/"reference"/);
    await expect(protocolA({ items: [...items, items[0]!], systems })).rejects.toThrow(
      /"items\[7\].id"/,
    );
    await expect(
      protocolA({ items, systems, metrics: ['precision', 'map' as 'ap'] }),
    ).rejects.toThrow(/"metrics\[1\]"/);
  });
});
