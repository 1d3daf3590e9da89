import { describe, expect, it } from 'vitest';
import { testServer } from './helpers';

describe('bearer-token auth (SPOTREC_TOKEN)', () => {
  it('answers 401 in the error shape without a token or with a wrong one, and serves the right one', async () => {
    const { app } = await testServer({ token: 's3cret' });
    const url = '/v1/recommendations/available-genre-seeds';
    const missing = await app.inject({ url });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.json()).toEqual({ error: { status: 401, message: 'No token provided' } });
    const wrong = await app.inject({ url, headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { status: 401, message: 'Invalid access token' } });
    const basic = await app.inject({ url, headers: { authorization: 's3cret' } });
    expect(basic.statusCode).toBe(401);
    const right = await app.inject({ url, headers: { authorization: 'Bearer s3cret' } });
    expect(right.statusCode).toBe(200);
    await app.close();
  });

  it('leaves /healthz, /readyz, /metrics and /openapi.json open for probes and scrapers', async () => {
    const { app } = await testServer({ token: 's3cret' });
    for (const url of ['/healthz', '/readyz', '/metrics', '/openapi.json'])
      expect((await app.inject({ url })).statusCode, url).toBe(200);
    const document = (await app.inject({ url: '/openapi.json' })).json<{ security: unknown }>();
    expect(document.security).toEqual([{ bearer: [] }]);
    await app.close();
  });

  it('needs no token when SPOTREC_TOKEN is not set', async () => {
    const { app } = await testServer();
    expect(
      (await app.inject({ url: '/v1/recommendations/available-genre-seeds' })).statusCode,
    ).toBe(200);
    await app.close();
  });
});

describe('per-client rate limit', () => {
  it('answers 429 with Retry-After in the error shape past the limit', async () => {
    const { app } = await testServer({ rateLimit: { max: 3, windowMs: 60_000 } });
    const url = '/v1/recommendations/available-genre-seeds';
    for (let at = 0; at < 3; at += 1) {
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-remaining']).toBe(String(2 - at));
    }
    const refused = await app.inject({ url });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.json()).toEqual({
      error: {
        status: 429,
        message: expect.stringMatching(/^Rate limit exceeded: 3 requests per 60 s; retry in/),
      },
    });
    // Per client: another address has its own budget; operations are never limited.
    expect((await app.inject({ url, remoteAddress: '127.0.0.2' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });

  it('is off by default', async () => {
    const { app } = await testServer();
    for (let at = 0; at < 50; at += 1)
      expect(
        (await app.inject({ url: '/v1/recommendations/available-genre-seeds' })).statusCode,
      ).toBe(200);
    await app.close();
  });
});
