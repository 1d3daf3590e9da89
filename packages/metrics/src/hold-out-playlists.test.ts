import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, holdOutPlaylists } from './index';

const playlists = new Map<string, string[]>();
for (let playlist = 0; playlist < 25; playlist += 1) {
  const size = 2 + ((playlist * 7) % 23);
  playlists.set(
    `p${playlist}`,
    Array.from({ length: size }, (_, index) => `t${(playlist * 3 + index * 5) % 97}`),
  );
}

describe('holdOutPlaylists(playlists, options)', () => {
  it('hides at least one track per playlist; visible and hidden are disjoint and make up the playlist', () => {
    const { visible, hidden } = holdOutPlaylists(playlists, { seed: 5 });
    expect([...hidden.keys()]).toEqual([...playlists.keys()]);
    for (const [playlist, items] of playlists) {
      const shown = visible.get(playlist) ?? [];
      const hid = hidden.get(playlist) ?? [];
      expect(hid.length).toBeGreaterThanOrEqual(1);
      expect(shown.length).toBeGreaterThanOrEqual(1);
      expect(shown.filter((item) => hid.includes(item))).toEqual([]);
      expect([...shown, ...hid].sort()).toEqual([...new Set(items)].sort());
      expect(hid.length).toBe(Math.max(1, Math.round(0.2 * new Set(items).size)));
    }
  });

  it('is seeded: the same seed gives the same split, another seed another one', () => {
    const first = holdOutPlaylists(playlists, { seed: 1 });
    expect(holdOutPlaylists(playlists, { seed: 1 })).toEqual(first);
    expect(holdOutPlaylists(playlists, { seed: 2 }).hidden).not.toEqual(first.hidden);
  });

  it('takes [playlist, track] pairs as well as a map', () => {
    const pairs = [...playlists].flatMap(([playlist, items]) =>
      items.map((item) => [playlist, item] as const),
    );
    expect(holdOutPlaylists(pairs, { share: 0.3, seed: 9 })).toEqual(
      holdOutPlaylists(playlists, { share: 0.3, seed: 9 }),
    );
  });

  it('keeps a playlist with fewer than two distinct tracks whole and visible, and never hides it', () => {
    const { visible, hidden } = holdOutPlaylists(
      new Map([
        ['one', ['a']],
        ['repeated', ['b', 'b']],
        ['empty', []],
        ['two', ['c', 'd']],
      ]),
    );
    expect([...hidden.keys()]).toEqual(['two']);
    expect(visible.get('one')).toEqual(['a']);
    expect(visible.get('repeated')).toEqual(['b']);
    expect(visible.get('empty')).toEqual([]);
    expect([...(visible.get('two') ?? []), ...(hidden.get('two') ?? [])].sort()).toEqual([
      'c',
      'd',
    ]);
  });

  it('throws for a share outside (0, 1), a bad seed or a malformed pair', () => {
    expect(() => holdOutPlaylists(playlists, { share: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => holdOutPlaylists(playlists, { seed: Number.NaN })).toThrow(/"options.seed"/);
    expect(() => holdOutPlaylists([['p', 'a', 'b']] as unknown as [string, string][])).toThrow(
      /"playlists\[0\]"/,
    );
  });
});
