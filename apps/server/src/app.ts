/** The Fastify application: routes, validation, errors, auth, rate limit, metrics, OpenAPI. */

import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { InvalidArgumentError, NotInCatalogError } from '@spotrec/recommender';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { version } from '../package.json';
import type { BundleHolder } from './catalog-source';
import { ConnectionError } from '@spotrec/pgvector';
import { ERROR_SCHEMA, HttpError, spotifyError, type SpotifyError } from './errors';
import {
  AUDIO_FEATURES_SCHEMA,
  RECOMMENDATIONS_SCHEMA,
  TRACK_SCHEMA,
  audioFeaturesObject,
  recommendationsObject,
  trackObject,
} from './format';
import { ServerMetrics } from './metrics';
import {
  AUDIO_FEATURES_QUERY,
  ID_PARAMS,
  MAX_AUDIO_FEATURE_IDS,
  NO_QUERY,
  RECOMMENDATIONS_QUERY,
  expectation,
  parseQuery,
  toRecommendRequest,
  wireParameter,
  type QuerySchema,
  type RecommendationsQuery,
} from './recommendations-request';

/** Options of {@link buildServer}. */
export interface ServerOptions {
  /** The served bundle, swapped on reload. */
  readonly holder: BundleHolder;
  /** Metrics to record into (a fresh registry by default). */
  readonly metrics?: ServerMetrics;
  /** When set, `/v1/*` needs `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** Per-client (IP) rate limit on `/v1/*`; off when absent. */
  readonly rateLimit?: { readonly max: number; readonly windowMs: number } | undefined;
  /**
   * Longest request target (path and query) accepted; longer gets 414.
   * @defaultValue `8192`
   */
  readonly maxUrlLength?: number;
  /** Fastify's logger option (pino): `false` for none. */
  readonly logger?: FastifyServerOptions['logger'];
  /** A logger instance to use instead (pino). */
  readonly loggerInstance?: FastifyBaseLogger;
  /** The public base URL for links (`href`); the request's own host by default. */
  readonly publicUrl?: string | undefined;
}

/** A built server and the state its operations read. */
export interface SpotrecServer {
  readonly app: FastifyInstance;
  readonly holder: BundleHolder;
  readonly metrics: ServerMetrics;
  /** True once shutdown began: `/readyz` answers 503 and new requests get 503. */
  readonly closing: boolean;
}

const API_METHODS = ['DELETE', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

function tokenDigest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The error a failed request maps to: status and message in Spotify's shape; never a stack. */
function describeError(error: unknown, request: FastifyRequest): SpotifyError['error'] {
  if (error instanceof HttpError) return { status: error.statusCode, message: error.message };
  if (NotInCatalogError.isInstance(error)) {
    const parameter = wireParameter(error.parameter);
    const hint =
      error.suggestions.length > 0 ? `; did you mean: ${error.suggestions.join(', ')}?` : '';
    return {
      status: 400,
      message: `Invalid value for parameter "${parameter}": unknown ${error.kind} ${JSON.stringify(error.value)}${hint}`,
    };
  }
  if (ConnectionError.isInstance(error))
    return {
      status: 503,
      message: `The catalog database is unavailable: ${error.message.split('\n')[0]}`,
    };
  if (InvalidArgumentError.isInstance(error))
    return {
      status: 400,
      message: error.message.replace(
        /^Invalid argument "[^"]*"/,
        `Invalid value for parameter "${wireParameter(error.parameter)}"`,
      ),
    };
  const fastify = error as {
    statusCode?: unknown;
    message?: unknown;
    validation?: readonly {
      keyword: string;
      instancePath: string;
      params: Record<string, unknown>;
    }[];
    validationContext?: string;
  };
  const first = fastify.validation?.[0];
  if (first !== undefined) {
    const where = fastify.validationContext === 'params' ? 'path parameter' : 'parameter';
    if (first.keyword === 'additionalProperties')
      return {
        status: 400,
        message: `Unknown ${where} "${String(first.params.additionalProperty)}"`,
      };
    if (first.keyword === 'required')
      return {
        status: 400,
        message: `Missing ${where} "${String(first.params.missingProperty)}"`,
      };
    const name = first.instancePath.replace(/^\//, '');
    const source = (fastify.validationContext === 'params' ? request.params : request.query) as
      Record<string, unknown> | undefined;
    const schema = request.routeOptions.schema?.querystring as QuerySchema | undefined;
    const value = source?.[name];
    return {
      status: 400,
      message: `Invalid value for ${where} "${name}": expected ${expectation(schema?.properties[name])}, got ${JSON.stringify(typeof value === 'number' ? String(value) : value)}`,
    };
  }
  const status = typeof fastify.statusCode === 'number' ? fastify.statusCode : 500;
  if (status >= 400 && status < 500 && typeof fastify.message === 'string')
    return { status, message: fastify.message };
  return { status: 500, message: `Internal server error (request id ${request.id})` };
}

/**
 * Builds the Fastify application over a bundle holder. The caller listens (or injects) and
 * closes it.
 */
export async function buildServer(options: ServerOptions): Promise<SpotrecServer> {
  const { holder, token, maxUrlLength = 8192 } = options;
  const metrics = options.metrics ?? new ServerMetrics();
  metrics.setBundle(holder.current);
  const state = { closing: false };
  const app = Fastify({
    ...(options.loggerInstance === undefined
      ? { logger: options.logger ?? false }
      : { loggerInstance: options.loggerInstance }),
    genReqId: (raw: IncomingMessage) => {
      const given = raw.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 512 },
    return503OnClosing: false,
    ajv: {
      customOptions: {
        coerceTypes: false,
        removeAdditional: false,
        useDefaults: true,
        allErrors: false,
      },
    },
    frameworkErrors: (error, request, reply) => {
      const status =
        typeof (error as { statusCode?: unknown }).statusCode === 'number'
          ? (error as { statusCode: number }).statusCode
          : 400;
      // The option's reply type is generic over route types this handler cannot name.
      void (reply as unknown as FastifyReply)
        .code(status)
        .send(spotifyError(status, status >= 500 ? 'Internal server error' : error.message));
      request.log.info({ err: error.message }, 'request refused by the framework');
    },
  });

  app.addHook('preClose', async () => {
    state.closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (state.closing) {
      reply.header('connection', 'close');
      return reply
        .code(503)
        .header('retry-after', '1')
        .send(spotifyError(503, 'The server is shutting down'));
    }
    if (request.url.length > maxUrlLength)
      return reply
        .code(414)
        .send(spotifyError(414, `Request target longer than ${maxUrlLength} characters`));
    if (token !== undefined && request.url.startsWith('/v1/')) {
      const given = request.headers.authorization;
      if (given === undefined || given === '')
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send(spotifyError(401, 'No token provided'));
      if (!timingSafeEqual(tokenDigest(given), tokenDigest(`Bearer ${token}`)))
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer error="invalid_token"')
          .send(spotifyError(401, 'Invalid access token'));
    }
    return undefined;
  });
  app.addHook('preValidation', async (request) => {
    const schema = request.routeOptions.schema?.querystring as QuerySchema | undefined;
    request.query = parseQuery(request.query as Record<string, unknown>, schema);
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.observe(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  app.setErrorHandler((error, request, reply) => {
    const described = describeError(error, request);
    if (described.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status: described.status, message: described.message }, 'refused');
    return reply.code(described.status).send(spotifyError(described.status, described.message));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        spotifyError(
          404,
          `No endpoint ${request.method} ${request.url.split('?')[0]} (see /openapi.json)`,
        ),
      ),
  );

  if (options.rateLimit !== undefined) {
    const { max, windowMs } = options.rateLimit;
    await app.register(rateLimit, {
      global: true,
      max,
      timeWindow: windowMs,
      allowList: (request) => !request.url.startsWith('/v1/'),
      errorResponseBuilder: (_request, context) =>
        new HttpError(
          429,
          `Rate limit exceeded: ${context.max} requests per ${Math.round(windowMs / 1000)} s; retry in ${context.after}`,
        ),
    });
  }
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'spotrec server',
        version,
        description:
          "A self-hosted, Spotify-compatible GET /v1/recommendations (with genre seeds and audio features) over your own catalog. Errors use Spotify's shape { error: { status, message } }.",
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      ...(token === undefined ? {} : { security: [{ bearer: [] }] }),
    },
  });

  const base = (request: FastifyRequest): string =>
    options.publicUrl ?? `${request.protocol}://${request.host}`;
  const errors = { 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 404: ERROR_SCHEMA, 429: ERROR_SCHEMA };
  /** Answers other methods on an API path with 405 (GET and HEAD are the API's). */
  const only = (url: string): void => {
    app.route({
      method: [...API_METHODS],
      url,
      schema: { hide: true },
      handler: (request, reply: FastifyReply) =>
        reply
          .code(405)
          .header('allow', 'GET, HEAD')
          .send(spotifyError(405, `Method ${request.method} not allowed on ${url}; use GET`)),
    });
  };

  app.get(
    '/v1/recommendations',
    {
      schema: {
        tags: ['recommendations'],
        summary: 'Get recommendations',
        description:
          'Spotify-compatible recommendations from 1 to 5 seeds (tracks, artist names, genres) ' +
          'with min_/max_/target_ tunable attributes. `market` is accepted and ignored; any ' +
          'other parameter is refused with 400.',
        querystring: RECOMMENDATIONS_QUERY,
        response: { 200: RECOMMENDATIONS_SCHEMA, ...errors },
      },
    },
    async (request) => {
      const served = holder.current;
      const { request: recommendRequest, seeds } = toRecommendRequest(
        request.query as RecommendationsQuery,
        served,
      );
      const response = await served.recommend(recommendRequest);
      return recommendationsObject(response, seeds, base(request));
    },
  );
  only('/v1/recommendations');

  app.get(
    '/v1/recommendations/available-genre-seeds',
    {
      schema: {
        tags: ['recommendations'],
        summary: 'Get available genre seeds',
        querystring: NO_QUERY,
        response: {
          200: {
            type: 'object',
            properties: { genres: { type: 'array', items: { type: 'string' } } },
          },
          ...errors,
        },
      },
    },
    async () => ({ genres: holder.current.genres }),
  );
  only('/v1/recommendations/available-genre-seeds');

  app.get(
    '/v1/audio-features/:id',
    {
      schema: {
        tags: ['tracks'],
        summary: "Get a track's audio features",
        params: ID_PARAMS,
        querystring: NO_QUERY,
        response: { 200: AUDIO_FEATURES_SCHEMA, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const track = holder.current.bundle.recommender.track(id);
      if (track === undefined) throw new HttpError(404, `Unknown track id ${JSON.stringify(id)}`);
      return audioFeaturesObject(track, base(request));
    },
  );
  only('/v1/audio-features/:id');

  app.get(
    '/v1/audio-features',
    {
      schema: {
        tags: ['tracks'],
        summary: "Get several tracks' audio features",
        description: `Up to ${MAX_AUDIO_FEATURE_IDS} ids; null in place of an unknown id.`,
        querystring: AUDIO_FEATURES_QUERY,
        response: {
          200: {
            type: 'object',
            properties: {
              audio_features: {
                type: 'array',
                items: { anyOf: [AUDIO_FEATURES_SCHEMA, { type: 'null' }] },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const { ids } = request.query as { ids: string };
      const list = ids.split(',').map((id) => id.trim());
      if (list.some((id) => id === ''))
        throw new HttpError(
          400,
          `Invalid value for parameter "ids": expected a comma-separated list without empty items, got ${JSON.stringify(ids)}`,
          'ids',
        );
      if (list.length > MAX_AUDIO_FEATURE_IDS)
        throw new HttpError(
          400,
          `Invalid value for parameter "ids": expected at most ${MAX_AUDIO_FEATURE_IDS} ids, got ${list.length}`,
          'ids',
        );
      const { recommender } = holder.current.bundle;
      const link = base(request);
      return {
        audio_features: list.map((id) => {
          const track = recommender.track(id);
          return track === undefined ? null : audioFeaturesObject(track, link);
        }),
      };
    },
  );
  only('/v1/audio-features');

  app.get(
    '/v1/tracks/:id',
    {
      schema: {
        tags: ['tracks'],
        summary: 'Get a track (the target of every track href)',
        params: ID_PARAMS,
        querystring: {
          ...NO_QUERY,
          properties: { market: RECOMMENDATIONS_QUERY.properties.market },
        } as QuerySchema,
        response: { 200: TRACK_SCHEMA, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const track = holder.current.bundle.recommender.track(id);
      if (track === undefined) throw new HttpError(404, `Unknown track id ${JSON.stringify(id)}`);
      return trackObject(track, base(request));
    },
  );
  only('/v1/tracks/:id');

  app.get('/healthz', { schema: { tags: ['operations'], summary: 'Liveness' } }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/readyz',
    { schema: { tags: ['operations'], summary: 'Readiness (503 while shutting down)' } },
    async (_request, reply) => {
      if (state.closing) return reply.code(503).send(spotifyError(503, 'Shutting down'));
      const { bundle, loadedAt, store } = holder.current;
      return {
        status: 'ready',
        tracks: bundle.tracks.length,
        fingerprint: bundle.fingerprint,
        model: bundle.manifest.model.kind,
        loadedAt: loadedAt.toISOString(),
        ...(store === undefined
          ? { store: 'memory' }
          : { store: store.description, search: store.search }),
      };
    },
  );
  app.get(
    '/metrics',
    { schema: { tags: ['operations'], summary: 'Prometheus metrics (text format)' } },
    async (_request, reply) =>
      reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  app.get(
    '/openapi.json',
    { schema: { tags: ['operations'], summary: 'This OpenAPI 3 document' } },
    async () => app.swagger(),
  );

  return {
    app,
    holder,
    metrics,
    get closing() {
      return state.closing;
    },
  };
}
