import type { Track } from '@spotrec/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpotrecServer } from '../src/app';
import { testServer } from './helpers';

let server: SpotrecServer & { tracks: Track[] };

beforeAll(async () => {
  server = await testServer();
});
afterAll(async () => {
  await server.app.close();
});

async function get(url: string, method: 'GET' | 'HEAD' | 'POST' | 'DELETE' | 'PUT' = 'GET') {
  const response = await server.app.inject({ method, url });
  return {
    status: response.statusCode,
    body:
      response.body !== '' && /^application\/json/.test(String(response.headers['content-type']))
        ? response.json<Record<string, unknown>>()
        : undefined,
    headers: response.headers,
    text: response.body,
  };
}

describe('GET /v1/recommendations/available-genre-seeds', () => {
  it('lists every genre of the catalog, sorted', async () => {
    const { status, body } = await get('/v1/recommendations/available-genre-seeds');
    expect(status).toBe(200);
    const genres = body?.genres as string[];
    expect(genres).toHaveLength(114);
    expect(genres).toEqual([...genres].sort());
    expect(genres).toContain('jazz');
  });

  it('refuses a parameter it does not take', async () => {
    const { status, body } = await get('/v1/recommendations/available-genre-seeds?limit=3');
    expect(status).toBe(400);
    expect(body).toEqual({ error: { status: 400, message: 'Unknown parameter "limit"' } });
  });
});

describe('GET /v1/audio-features', () => {
  it('answers one id with the audio-features object of the contract', async () => {
    const track = server.tracks[5]!;
    const { status, body } = await get(`/v1/audio-features/${track.id}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      id: track.id,
      type: 'audio_features',
      uri: `spotify:track:${track.id}`,
      track_href: `http://localhost:80/v1/tracks/${track.id}`,
      analysis_url: `http://localhost:80/v1/audio-analysis/${track.id}`,
      acousticness: track.acousticness,
      danceability: track.danceability,
      energy: track.energy,
      instrumentalness: track.instrumentalness,
      liveness: track.liveness,
      speechiness: track.speechiness,
      valence: track.valence,
      key: track.key,
      loudness: track.loudness,
      mode: track.mode,
      tempo: track.tempo,
      time_signature: track.timeSignature,
      duration_ms: track.durationMs,
    });
  });

  it('answers 404 in the error shape for an unknown id', async () => {
    const { status, body } = await get('/v1/audio-features/nope');
    expect(status).toBe(404);
    expect(body).toEqual({ error: { status: 404, message: 'Unknown track id "nope"' } });
  });

  it('answers several ids in order, null for unknown ones', async () => {
    const [a, b] = server.tracks;
    const { status, body } = await get(`/v1/audio-features?ids=${a!.id},unknown,${b!.id}`);
    expect(status).toBe(200);
    const list = body?.audio_features as ({ id: string } | null)[];
    expect(list.map((entry) => entry?.id ?? null)).toEqual([a!.id, null, b!.id]);
  });

  it('takes up to 100 ids and refuses 101', async () => {
    const ids = server.tracks.slice(0, 101).map((track) => track.id);
    expect((await get(`/v1/audio-features?ids=${ids.slice(0, 100).join(',')}`)).status).toBe(200);
    const { status, body } = await get(`/v1/audio-features?ids=${ids.join(',')}`);
    expect(status).toBe(400);
    expect(body).toEqual({
      error: {
        status: 400,
        message: 'Invalid value for parameter "ids": expected at most 100 ids, got 101',
      },
    });
  });

  it('refuses a missing, empty, repeated or extra parameter', async () => {
    const id = server.tracks[0]!.id;
    for (const [query, message] of [
      ['', 'Missing parameter "ids"'],
      ['ids=', 'Invalid value for parameter "ids": expected a non-empty string, got ""'],
      [`ids=${id},`, 'Invalid value for parameter "ids": expected a comma-separated list'],
      [`ids=${id}&ids=${id}`, 'Parameter "ids" is repeated'],
      [`ids=${id}&market=SE`, 'Unknown parameter "market"'],
    ] as const) {
      const { status, body } = await get(`/v1/audio-features?${query}`);
      expect(status, query).toBe(400);
      expect((body?.error as { message: string }).message, query).toContain(message);
    }
  });
});

describe('GET /v1/tracks/{id}', () => {
  it('answers the target of every track href', async () => {
    const track = server.tracks[9]!;
    const { status, body } = await get(`/v1/tracks/${track.id}?market=SE`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: track.id, name: track.name, type: 'track' });
    expect((await get('/v1/tracks/none')).status).toBe(404);
  });
});

describe('routes and methods', () => {
  it('answers 404 in the error shape for an unknown route', async () => {
    const { status, body } = await get('/v1/playlists/abc?x=1');
    expect(status).toBe(404);
    expect(body).toEqual({
      error: { status: 404, message: 'No endpoint GET /v1/playlists/abc (see /openapi.json)' },
    });
  });

  it('answers 405 with Allow for another method on an API route', async () => {
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const { status, body, headers } = await get('/v1/recommendations?seed_genres=jazz', method);
      expect(status).toBe(405);
      expect(headers.allow).toBe('GET, HEAD');
      expect(body).toEqual({
        error: {
          status: 405,
          message: `Method ${method} not allowed on /v1/recommendations; use GET`,
        },
      });
    }
    expect((await get('/v1/audio-features/x', 'POST')).status).toBe(405);
  });

  it('answers HEAD like GET without a body', async () => {
    const { status, text } = await get('/v1/recommendations/available-genre-seeds', 'HEAD');
    expect(status).toBe(200);
    expect(text).toBe('');
  });

  it('refuses a request target longer than the limit with 414', async () => {
    const long = `/v1/recommendations?seed_genres=${'a'.repeat(9000)}`;
    const { status, body } = await get(long);
    expect(status).toBe(414);
    expect(body).toEqual({
      error: { status: 414, message: 'Request target longer than 8192 characters' },
    });
  });

  it('echoes a request id, and takes a valid one from X-Request-Id', async () => {
    const generated = await server.app.inject({ url: '/healthz' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await server.app.inject({
      url: '/healthz',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(given.headers['x-request-id']).toBe('abc-123');
  });

  it('answers a malformed JSON body on a non-GET route in the error shape, not 500', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/recommendations',
      headers: { 'content-type': 'application/json' },
      payload: '{"broken',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { status: 400, message: expect.any(String) } });
  });
});

describe('operations', () => {
  it('/healthz and /readyz report live and ready with the bundle', async () => {
    expect((await get('/healthz')).body).toEqual({ status: 'ok' });
    const { status, body } = await get('/readyz');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ready',
      tracks: server.tracks.length,
      fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      model: 'features',
    });
  });

  it('/metrics renders request counts, latency, catalog size and the bundle info', async () => {
    await get(`/v1/recommendations?seed_tracks=${server.tracks[0]!.id}&limit=2`);
    await get('/v1/recommendations?limit=2');
    await get('/nowhere');
    const { status, text, headers } = await get('/metrics');
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toMatch(
      /^spotrec_http_requests_total\{method="GET",route="\/v1\/recommendations",status="200"\} \d+$/m,
    );
    expect(text).toMatch(
      /^spotrec_http_requests_total\{method="GET",route="\/v1\/recommendations",status="400"\} \d+$/m,
    );
    expect(text).toMatch(
      /^spotrec_http_requests_total\{method="GET",route="unmatched",status="404"\} \d+$/m,
    );
    expect(text).toMatch(/^spotrec_http_request_duration_seconds_bucket\{le="0.01",/m);
    expect(text).toMatch(new RegExp(`^spotrec_catalog_tracks ${server.tracks.length}$`, 'm'));
    expect(text).toMatch(
      /^spotrec_bundle_info\{fingerprint="sha256:[0-9a-f]{64}",format_version="1",recommender_version="[^"]+",model="features",created_at="[^"]+",source=""\} 1$/m,
    );
  });

  it('/openapi.json is an OpenAPI 3 document generated from the parameter schemas', async () => {
    const { status, body } = await get('/openapi.json');
    expect(status).toBe(200);
    const document = body as {
      openapi: string;
      paths: Record<
        string,
        {
          get?: { parameters: { name: string; in: string; schema: Record<string, unknown> }[] };
          post?: unknown;
        }
      >;
    };
    expect(document.openapi).toMatch(/^3\./);
    const parameters = document.paths['/v1/recommendations']!.get!.parameters;
    const byName = new Map(parameters.map((parameter) => [parameter.name, parameter]));
    expect(byName.get('limit')).toMatchObject({
      in: 'query',
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    });
    expect(byName.get('min_energy')?.schema).toMatchObject({
      type: 'number',
      minimum: 0,
      maximum: 1,
    });
    expect(byName.get('target_time_signature')?.schema).toMatchObject({ type: 'integer' });
    expect(byName.size).toBe(5 + 14 * 3);
    expect(document.paths['/v1/audio-features/{id}']).toBeDefined();
    expect(document.paths['/v1/recommendations']!.post).toBeUndefined();
  });
});
