import { SpotifyApi } from '@spotify/web-api-ts-sdk';
import type { Track } from '@spotrec/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpotrecServer } from '../src/app';
import { testServer } from './helpers';

let server: SpotrecServer & { tracks: Track[] };
let base: string;

beforeAll(async () => {
  server = await testServer({ token: 'test-token' });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const address = server.app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening');
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await server.app.close();
});

describe('over a real socket on 127.0.0.1', () => {
  it('answers recommendations, keeps connections alive and links to itself', async () => {
    const seed = server.tracks[3]!;
    const response = await fetch(
      `${base}/v1/recommendations?seed_tracks=${seed.id}&limit=3&min_energy=0.2`,
      { headers: { authorization: 'Bearer test-token' } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { tracks: { href: string }[] };
    expect(body.tracks).toHaveLength(3);
    const linked = await fetch(body.tracks[0]!.href, {
      headers: { authorization: 'Bearer test-token' },
    });
    expect(linked.status).toBe(200);
  });

  it('answers 401 in the error shape over the wire', async () => {
    const response = await fetch(`${base}/v1/recommendations/available-genre-seeds`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { status: 401, message: 'No token provided' } });
  });
});

describe('@spotify/web-api-ts-sdk pointed at the server (only its base URL changed, via its fetch option)', () => {
  // The SDK's base URL is a private static; its public `fetch` option is where a caller
  // changes it: every request goes to this server instead of https://api.spotify.com.
  const client = (token: string) =>
    SpotifyApi.withAccessToken(
      'unused-client-id',
      { access_token: token, token_type: 'Bearer', expires_in: 3600, refresh_token: '' },
      {
        fetch: (url, init) => fetch(String(url).replace('https://api.spotify.com', base), init),
      },
    );

  it('gets genre seeds, recommendations and audio features through the client', async () => {
    const spotify = client('test-token');
    const { genres } = await spotify.recommendations.genreSeeds();
    expect(genres).toHaveLength(114);

    const seed = server.tracks[8]!;
    const recommendations = await spotify.recommendations.get({
      seed_tracks: [seed.id],
      seed_genres: ['jazz', 'blues'],
      limit: 10,
      min_energy: 0,
      target_danceability: 0.6,
      max_tempo: 180,
      market: 'SE',
    });
    expect(recommendations.tracks).toHaveLength(10);
    expect(recommendations.seeds.map((entry) => [entry.type, entry.id])).toEqual([
      ['TRACK', seed.id],
      ['GENRE', 'jazz'],
      ['GENRE', 'blues'],
    ]);
    const ids = recommendations.tracks.map((track) => track.id);

    const one = await spotify.tracks.audioFeatures(ids[0]!);
    expect(one).toMatchObject({ id: ids[0], type: 'audio_features' });
    const several = await spotify.tracks.audioFeatures(ids);
    expect(several.map((features) => features.id)).toEqual(ids);
    for (const features of several) expect(features.tempo).toBeLessThanOrEqual(180);

    const track = await spotify.tracks.get(ids[0]!);
    expect(track.name).toBe(server.tracks.find((candidate) => candidate.id === ids[0])!.name);
  });

  it("surfaces the server's 400 and 401 through the client's own error handling", async () => {
    await expect(
      client('test-token').recommendations.get({ seed_genres: ['polka-metal'] }),
    ).rejects.toThrow(/400.*unknown genre \\"polka-metal\\"/);
    await expect(client('wrong').recommendations.genreSeeds()).rejects.toThrow(
      /Bad or expired token/,
    );
  });
});
