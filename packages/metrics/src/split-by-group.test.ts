import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, splitByGroup } from './index';

const tracks = Array.from({ length: 60 }, (_, index) => ({
  id: `t${index}`,
  artist: `artist-${index % 17}`,
}));
const artistOf = (track: { artist: string }) => track.artist;

describe('splitByGroup(items, groupOf, options)', () => {
  it('puts every item of a held-out group in test and no group on both sides', () => {
    const { train, test, heldOutGroups } = splitByGroup(tracks, artistOf, { share: 0.3, seed: 4 });
    const held = new Set(heldOutGroups);
    expect(test.every((track) => held.has(track.artist))).toBe(true);
    expect(train.some((track) => held.has(track.artist))).toBe(false);
    expect([...train, ...test].map((track) => track.id).sort()).toEqual(
      tracks.map((track) => track.id).sort(),
    );
    // Input order is kept on each side.
    expect(train).toEqual(tracks.filter((track) => !held.has(track.artist)));
  });

  it('holds out round(share × groups) groups, within one group of the share', () => {
    for (const groups of [2, 3, 5, 17, 40, 101]) {
      const items = Array.from({ length: groups * 2 }, (_, index) => index % groups);
      for (const share of [0.01, 0.1, 0.2, 0.5, 0.8, 0.99]) {
        const { heldOutGroups } = splitByGroup(items, (group) => group, { share, seed: 1 });
        expect(Math.abs(heldOutGroups.length - share * groups)).toBeLessThanOrEqual(1);
        expect(heldOutGroups.length).toBeGreaterThanOrEqual(1);
        expect(heldOutGroups.length).toBeLessThanOrEqual(groups - 1);
      }
    }
  });

  it('is seeded: the same seed gives the same split, another seed another one', () => {
    const first = splitByGroup(tracks, artistOf, { seed: 11 });
    expect(splitByGroup(tracks, artistOf, { seed: 11 })).toEqual(first);
    expect(splitByGroup(tracks, artistOf, { seed: 12 }).heldOutGroups).not.toEqual(
      first.heldOutGroups,
    );
  });

  it('does not depend on the order of the items', () => {
    const reversed = [...tracks].reverse();
    expect(splitByGroup(reversed, artistOf, { seed: 3 }).heldOutGroups).toEqual(
      splitByGroup(tracks, artistOf, { seed: 3 }).heldOutGroups,
    );
  });

  it('defaults to share 0.2 and seed 0', () => {
    expect(splitByGroup(tracks, artistOf)).toEqual(
      splitByGroup(tracks, artistOf, { share: 0.2, seed: 0 }),
    );
    expect(splitByGroup(tracks, artistOf).heldOutGroups).toHaveLength(3); // round(0.2 × 17)
  });

  it('throws for one group, a share outside (0, 1), a bad seed or a bad group', () => {
    expect(() => splitByGroup([1, 1], () => 'x')).toThrow(InvalidArgumentError);
    expect(() => splitByGroup(tracks, artistOf, { share: 1 })).toThrow(/"options.share"/);
    expect(() => splitByGroup(tracks, artistOf, { share: 0 })).toThrow(/"options.share"/);
    expect(() => splitByGroup(tracks, artistOf, { seed: 0.5 })).toThrow(/"options.seed"/);
    expect(() => splitByGroup([1, 2], (value) => (value === 1 ? Number.NaN : 2))).toThrow(
      /"groupOf\(items\[0\]\)"/,
    );
  });
});
