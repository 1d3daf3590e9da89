import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpotrecServer } from '../src/app';
import type { RecommendedTrackObject, SeedObject } from '../src/format';
import { TUNABLE_ATTRIBUTES } from '../src/recommendations-request';
import { COMMA_ARTIST, testServer } from './helpers';
import type { Track } from '@spotrec/data';

let server: SpotrecServer & { tracks: Track[] };

beforeAll(async () => {
  server = await testServer();
});
afterAll(async () => {
  await server.app.close();
});

interface Recommendations {
  seeds: SeedObject[];
  tracks: RecommendedTrackObject[];
}

async function get(url: string) {
  const response = await server.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json<unknown>(), headers: response.headers };
}

async function ok(url: string): Promise<Recommendations> {
  const { status, body } = await get(url);
  expect(status, JSON.stringify(body)).toBe(200);
  return body as Recommendations;
}

function trackOf(id: string): Track {
  const track = server.tracks.find((candidate) => candidate.id === id);
  if (track === undefined) throw new Error(`no track ${id}`);
  return track;
}

describe('GET /v1/recommendations', () => {
  it('answers a track seed with 20 track objects and the seed with its pool sizes', async () => {
    const seed = server.tracks[10]!;
    const body = await ok(`/v1/recommendations?seed_tracks=${seed.id}`);
    expect(body.tracks).toHaveLength(20);
    expect(body.seeds).toEqual([
      {
        id: seed.id,
        type: 'TRACK',
        href: `http://localhost:80/v1/tracks/${seed.id}`,
        initialPoolSize: server.tracks.length - 1,
        afterFilteringSize: server.tracks.length - 1,
        afterRelinkingSize: server.tracks.length - 1,
      },
    ]);
    const first = body.tracks[0]!;
    const track = trackOf(first.id);
    expect(first).toMatchObject({
      id: track.id,
      name: track.name,
      type: 'track',
      uri: `spotify:track:${track.id}`,
      href: `http://localhost:80/v1/tracks/${track.id}`,
      artists: track.artists.map((name) => ({ name, type: 'artist' })),
      album: { name: track.album, type: 'album' },
      duration_ms: track.durationMs,
      popularity: track.popularity,
      explicit: track.explicit,
    });
    expect(first.spotrec.closestSeed).toBe(`track:${seed.id}`);
    expect(first.spotrec.score).toBeGreaterThan(0.9);
    expect(first.spotrec.contributions.length).toBeGreaterThan(0);
    expect(body.tracks.map((hit) => hit.id)).not.toContain(seed.id);
  });

  it('returns limit tracks and honours min_ and max_ on the raw values', async () => {
    const seed = server.tracks[20]!;
    const body = await ok(
      `/v1/recommendations?seed_tracks=${seed.id}&limit=7&min_energy=0.4&max_tempo=130&min_duration_ms=120000&max_popularity=60&market=SE`,
    );
    expect(body.tracks).toHaveLength(7);
    for (const hit of body.tracks) {
      const track = trackOf(hit.id);
      expect(track.energy).toBeGreaterThanOrEqual(0.4);
      expect(track.tempo).toBeLessThanOrEqual(130);
      expect(track.durationMs).toBeGreaterThanOrEqual(120_000);
      expect(track.popularity).toBeLessThanOrEqual(60);
    }
    expect(body.seeds[0]!.afterFilteringSize).toBeLessThan(body.seeds[0]!.initialPoolSize);
  });

  it('maps every tunable attribute onto the recommender (min_, max_ and target_ accepted)', async () => {
    const seed = server.tracks[30]!;
    for (const attribute of TUNABLE_ATTRIBUTES) {
      const query = `min_${attribute.name}=${attribute.minimum}&max_${attribute.name}=${attribute.maximum === Number.MAX_SAFE_INTEGER ? 10_000_000 : attribute.maximum}&target_${attribute.name}=${attribute.minimum}`;
      const { status, body } = await get(
        `/v1/recommendations?seed_tracks=${seed.id}&limit=1&${query}`,
      );
      expect(status, `${attribute.name}: ${JSON.stringify(body)}`).toBe(200);
    }
  });

  it('prefers tracks near target_ values', async () => {
    const seed = server.tracks[40]!;
    const plain = await ok(`/v1/recommendations?seed_tracks=${seed.id}&limit=10`);
    const quiet = await ok(
      `/v1/recommendations?seed_tracks=${seed.id}&limit=10&target_energy=0.05`,
    );
    const mean = (body: Recommendations) =>
      body.tracks.reduce((sum, hit) => sum + trackOf(hit.id).energy, 0) / body.tracks.length;
    expect(mean(quiet)).toBeLessThan(mean(plain));
  });

  it('takes genre seeds and artist NAMES (case-insensitive), echoing the seeds as given', async () => {
    const artist = server.tracks[50]!.artists[0]!;
    const body = await ok(
      `/v1/recommendations?seed_genres=Jazz,blues&seed_artists=${encodeURIComponent(artist.toUpperCase())}&limit=5`,
    );
    expect(body.seeds.map((seed) => [seed.type, seed.id, seed.href])).toEqual([
      ['ARTIST', artist.toUpperCase(), null],
      ['GENRE', 'Jazz', null],
      ['GENRE', 'blues', null],
    ]);
    expect(body.tracks).toHaveLength(5);
  });

  it('keeps an artist name holding a comma in one piece when the catalog knows it', async () => {
    const body = await ok(
      `/v1/recommendations?seed_artists=${encodeURIComponent(`${COMMA_ARTIST},${server.tracks[60]!.artists[0]!}`)}&limit=3`,
    );
    expect(body.seeds.map((seed) => seed.id)).toEqual([
      COMMA_ARTIST,
      server.tracks[60]!.artists[0],
    ]);
  });

  it('accepts up to 5 seeds over the three parameters', async () => {
    const ids = server.tracks.slice(0, 3).map((track) => track.id);
    const body = await ok(
      `/v1/recommendations?seed_tracks=${ids.join(',')}&seed_genres=jazz,pop&limit=3`,
    );
    expect(body.seeds).toHaveLength(5);
  });
});

describe('GET /v1/recommendations refuses bad input with 400 naming the parameter', () => {
  const seed = () => server.tracks[0]!.id;
  const cases: [string, () => string, RegExp][] = [
    ['no seed', () => 'limit=5', /at least one seed/],
    ['an unknown seed track', () => 'seed_tracks=nope', /"seed_tracks": unknown track "nope"/],
    [
      'an unknown genre, with suggestions',
      () => 'seed_genres=jaz',
      /"seed_genres": unknown genre "jaz"; did you mean: jazz/,
    ],
    [
      'an unknown artist',
      () => 'seed_artists=Nobody%20At%20All',
      /"seed_artists": unknown artist "Nobody At All"/,
    ],
    [
      'more than 5 seeds',
      () => 'seed_genres=jazz,pop,rock,blues,soul,funk',
      /"seed_genres": expected at most 5 seeds in total/,
    ],
    [
      '6 seeds over two parameters',
      () => `seed_tracks=${seed()}&seed_genres=jazz,pop,rock,blues,soul`,
      /at most 5 seeds/,
    ],
    [
      'an empty list item',
      () => `seed_tracks=${seed()},,x`,
      /"seed_tracks": expected a comma-separated list without empty items/,
    ],
    ['an empty seed parameter', () => 'seed_tracks=', /"seed_tracks": expected a non-empty string/],
    [
      'limit 0',
      () => `seed_tracks=${seed()}&limit=0`,
      /"limit": expected an integer from 1 to 100, got "0"/,
    ],
    [
      'limit 101',
      () => `seed_tracks=${seed()}&limit=101`,
      /"limit": expected an integer from 1 to 100/,
    ],
    ['a fractional limit', () => `seed_tracks=${seed()}&limit=2.5`, /"limit": expected an integer/],
    [
      'a non-numeric limit',
      () => `seed_tracks=${seed()}&limit=ten`,
      /"limit": expected an integer from 1 to 100, got "ten"/,
    ],
    ['a hexadecimal number', () => `seed_tracks=${seed()}&limit=0x10`, /"limit"/],
    [
      'Infinity',
      () => `seed_tracks=${seed()}&max_tempo=Infinity`,
      /"max_tempo": expected a number from 0 to 400/,
    ],
    [
      'a non-numeric bound',
      () => `seed_tracks=${seed()}&min_energy=high`,
      /"min_energy": expected a number from 0 to 1, got "high"/,
    ],
    ['an empty bound', () => `seed_tracks=${seed()}&min_energy=`, /"min_energy"/],
    [
      'min above max',
      () => `seed_tracks=${seed()}&min_energy=0.9&max_energy=0.2`,
      /"min_energy": expected a value ≤ max_energy \(0.2\), got 0.9/,
    ],
    [
      'a value outside its range',
      () => `seed_tracks=${seed()}&target_valence=1.5`,
      /"target_valence": expected a number from 0 to 1/,
    ],
    [
      'a key above 11',
      () => `seed_tracks=${seed()}&min_key=12`,
      /"min_key": expected an integer from 0 to 11/,
    ],
    [
      'a fractional mode',
      () => `seed_tracks=${seed()}&target_mode=0.5`,
      /"target_mode": expected an integer from 0 to 1/,
    ],
    ['popularity above 100', () => `seed_tracks=${seed()}&max_popularity=101`, /"max_popularity"/],
    [
      'a negative duration',
      () => `seed_tracks=${seed()}&min_duration_ms=-1`,
      /"min_duration_ms": expected an integer ≥ 0/,
    ],
    [
      'a repeated parameter',
      () => `seed_tracks=${seed()}&limit=1&limit=2`,
      /Parameter "limit" is repeated/,
    ],
    [
      'a repeated seed parameter',
      () => `seed_tracks=${seed()}&seed_tracks=${seed()}`,
      /Parameter "seed_tracks" is repeated/,
    ],
    [
      'an unknown parameter',
      () => `seed_tracks=${seed()}&min_energi=0.3`,
      /Unknown parameter "min_energi"/,
    ],
    [
      'a bad market',
      () => `seed_tracks=${seed()}&market=Sweden`,
      /"market": expected An ISO 3166-1 alpha-2 code/,
    ],
  ];
  it.each(cases)('%s', async (_title, query, message) => {
    const { status, body, headers } = await get(`/v1/recommendations?${query()}`);
    expect(status).toBe(400);
    expect(headers['content-type']).toMatch(/^application\/json/);
    expect(body).toEqual({ error: { status: 400, message: expect.stringMatching(message) } });
    expect(JSON.stringify(body)).not.toMatch(/ at .*\.ts:\d+/);
  });

  it('never answers 500 to any query built from the known parameter names', async () => {
    const names = [
      'seed_tracks',
      'seed_genres',
      'seed_artists',
      'limit',
      'market',
      'bogus',
      ...TUNABLE_ATTRIBUTES.flatMap((attribute) =>
        ['min', 'max', 'target'].map((prefix) => `${prefix}_${attribute.name}`),
      ),
    ];
    const value = fc.oneof(
      fc.constantFrom(
        server.tracks[0]!.id,
        'jazz',
        'pop',
        '0',
        '1',
        '-1',
        '0.5',
        '1e3',
        '',
        ',',
        'NaN',
      ),
      fc.string({ maxLength: 12 }),
      fc.double().map(String),
      fc.integer().map(String),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...names), value), { minLength: 0, maxLength: 6 }),
        async (pairs) => {
          const query = new URLSearchParams(pairs).toString();
          const { status, body } = await get(`/v1/recommendations?${query}`);
          expect([200, 400], `${query} → ${JSON.stringify(body)}`).toContain(status);
          if (status === 400)
            expect(body).toEqual({ error: { status: 400, message: expect.any(String) } });
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});
