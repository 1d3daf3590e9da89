/** Catalog tracks and recommender answers in the shapes of Spotify's Web API. */

import type { Track } from '@spotrec/data';
import type { Recommendation, RecommendResponse } from '@spotrec/recommender';
import type { GivenSeed } from './recommendations-request';

/** A number for JSON: `null` for NaN and ±Infinity (JSON has neither). */
function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/** Spotify's simplified artist object, as far as the catalog knows artists (by name). */
export interface ArtistObject {
  readonly name: string;
  readonly type: 'artist';
}

/** Spotify's track object, as far as the catalog knows tracks. */
export interface TrackObject {
  readonly id: string;
  readonly name: string;
  readonly type: 'track';
  readonly uri: string;
  readonly href: string;
  readonly artists: readonly ArtistObject[];
  readonly album: { readonly name: string; readonly type: 'album' };
  readonly duration_ms: number | null;
  readonly popularity: number | null;
  readonly explicit: boolean | null;
  readonly is_local: false;
}

/** A recommended track: the track object plus spotrec's explanation (clients ignore it). */
export interface RecommendedTrackObject extends TrackObject {
  readonly spotrec: {
    readonly score: number | null;
    readonly contributions: readonly { readonly feature: string; readonly contribution: number }[];
    readonly closestSeed: string;
  };
}

/** A seed object of the recommendations response. */
export interface SeedObject {
  readonly id: string;
  readonly type: 'TRACK' | 'ARTIST' | 'GENRE';
  readonly href: string | null;
  readonly initialPoolSize: number;
  readonly afterFilteringSize: number;
  readonly afterRelinkingSize: number;
}

/** Spotify's audio-features object. */
export interface AudioFeaturesObject {
  readonly id: string;
  readonly type: 'audio_features';
  readonly uri: string;
  readonly track_href: string;
  readonly analysis_url: string;
  readonly acousticness: number;
  readonly danceability: number;
  readonly energy: number;
  readonly instrumentalness: number;
  readonly liveness: number;
  readonly speechiness: number;
  readonly valence: number;
  readonly key: number;
  readonly loudness: number;
  readonly mode: number;
  readonly tempo: number;
  readonly time_signature: number | null;
  readonly duration_ms: number | null;
}

/** The link of a track on this server. */
export function trackHref(base: string, id: string): string {
  return `${base}/v1/tracks/${encodeURIComponent(id)}`;
}

/** A catalog track as Spotify's track object. */
export function trackObject(track: Track, base: string): TrackObject {
  return {
    id: track.id,
    name: track.name,
    type: 'track',
    uri: `spotify:track:${track.id}`,
    href: trackHref(base, track.id),
    artists: track.artists.map((name) => ({ name, type: 'artist' as const })),
    album: { name: track.album, type: 'album' },
    duration_ms: track.durationMs,
    popularity: track.popularity,
    explicit: track.explicit,
    is_local: false,
  };
}

function recommendedTrack(hit: Recommendation<Track>, base: string): RecommendedTrackObject {
  return {
    ...trackObject(hit.track, base),
    spotrec: {
      score: finite(hit.score),
      contributions: hit.contributions.map(({ feature, contribution }) => ({
        feature,
        contribution,
      })),
      closestSeed: hit.closestSeed,
    },
  };
}

/** The `RecommendationsObject`: seeds as given with their pools, then the tracks. */
export function recommendationsObject(
  response: RecommendResponse<Track>,
  given: readonly GivenSeed[],
  base: string,
): { seeds: SeedObject[]; tracks: RecommendedTrackObject[] } {
  return {
    seeds: response.seeds.map((pool, at) => {
      const seed = given[at] ?? { type: pool.type, id: pool.id };
      return {
        id: seed.id,
        type: seed.type.toUpperCase() as SeedObject['type'],
        href: seed.type === 'track' ? trackHref(base, pool.id) : null,
        initialPoolSize: pool.initialPoolSize,
        afterFilteringSize: pool.afterFilteringSize,
        // The catalog has no markets: nothing is relinked away.
        afterRelinkingSize: pool.afterFilteringSize,
      };
    }),
    tracks: response.tracks.map((hit) => recommendedTrack(hit, base)),
  };
}

/** A catalog track's audio features as Spotify's audio-features object. */
export function audioFeaturesObject(track: Track, base: string): AudioFeaturesObject {
  const id = encodeURIComponent(track.id);
  return {
    id: track.id,
    type: 'audio_features',
    uri: `spotify:track:${track.id}`,
    track_href: trackHref(base, track.id),
    analysis_url: `${base}/v1/audio-analysis/${id}`,
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
  };
}

const nullable = (type: string) => ({ type: [type, 'null'] });

/** JSON schema of {@link TrackObject} (serialisation and the OpenAPI document). */
export const TRACK_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string', enum: ['track'] },
    uri: { type: 'string' },
    href: { type: 'string' },
    artists: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, type: { type: 'string', enum: ['artist'] } },
      },
    },
    album: {
      type: 'object',
      properties: { name: { type: 'string' }, type: { type: 'string', enum: ['album'] } },
    },
    duration_ms: nullable('integer'),
    popularity: nullable('integer'),
    explicit: nullable('boolean'),
    is_local: { type: 'boolean' },
  },
} as const;

/** JSON schema of the recommendations response. */
export const RECOMMENDATIONS_SCHEMA = {
  type: 'object',
  properties: {
    seeds: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', description: 'The seed as given.' },
          type: { type: 'string', enum: ['TRACK', 'ARTIST', 'GENRE'] },
          href: {
            ...nullable('string'),
            description: 'The track link; null for artists and genres.',
          },
          initialPoolSize: { type: 'integer' },
          afterFilteringSize: { type: 'integer' },
          afterRelinkingSize: {
            type: 'integer',
            description: 'Equal to afterFilteringSize: the catalog has no markets.',
          },
        },
      },
    },
    tracks: {
      type: 'array',
      items: {
        ...TRACK_SCHEMA,
        properties: {
          ...TRACK_SCHEMA.properties,
          spotrec: {
            type: 'object',
            description: 'spotrec extension (clients ignore it): why the track was chosen.',
            properties: {
              score: { ...nullable('number'), description: 'The ranking score.' },
              contributions: {
                type: 'array',
                description: 'Per-feature terms of the similarity, largest magnitude first.',
                items: {
                  type: 'object',
                  properties: { feature: { type: 'string' }, contribution: { type: 'number' } },
                },
              },
              closestSeed: {
                type: 'string',
                description: '`track:<id>`, `artist:<name>` or `genre:<name>`.',
              },
            },
          },
        },
      },
    },
  },
} as const;

/** JSON schema of {@link AudioFeaturesObject}. */
export const AUDIO_FEATURES_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    type: { type: 'string', enum: ['audio_features'] },
    uri: { type: 'string' },
    track_href: { type: 'string' },
    analysis_url: { type: 'string', description: 'Not served here (404).' },
    acousticness: { type: 'number' },
    danceability: { type: 'number' },
    energy: { type: 'number' },
    instrumentalness: { type: 'number' },
    liveness: { type: 'number' },
    speechiness: { type: 'number' },
    valence: { type: 'number' },
    key: { type: 'integer' },
    loudness: { type: 'number' },
    mode: { type: 'integer' },
    tempo: { type: 'number' },
    time_signature: nullable('integer'),
    duration_ms: nullable('integer'),
  },
} as const;
