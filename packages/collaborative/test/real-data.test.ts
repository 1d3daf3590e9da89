import { loadInteractions } from '@spotrec/data';
import { REAL_DATA, describeRealData } from '@spotrec/test-utils';
import { expect, it } from 'vitest';
import { ImplicitALS, InteractionMatrix, ItemKNN } from '../src/index';

describeRealData('collaborative models on TidyTuesday spotify_songs (../shared/data)', () => {
  it('builds the 471 × 28,356 playlist matrix and fits item-kNN and a short ALS on it', async () => {
    const { interactions } = await loadInteractions(REAL_DATA.tidyTuesday);
    const matrix = InteractionMatrix.from(interactions);
    expect(matrix.users).toHaveLength(471);
    expect(matrix.items).toHaveLength(28_356);
    expect(matrix.size).toBe(32_833 - 582);
    const playlist = matrix.users[0] as string;
    const held = matrix.itemsOf(playlist);
    const knn = ItemKNN.fit(matrix, { neighbours: 50 });
    const picks = knn.recommend(held, 20);
    expect(picks.length).toBe(20);
    expect(picks.some((hit) => held.includes(hit.id))).toBe(false);
    const losses: number[] = [];
    const als = ImplicitALS.fit(matrix, {
      factors: 8,
      iterations: 3,
      seed: 1,
      onIteration: ({ loss }) => losses.push(loss),
    });
    expect(losses[2]).toBeLessThan(losses[0] as number);
    expect(als.recommendForUser(playlist, 10, held)).toHaveLength(10);
  });
});
