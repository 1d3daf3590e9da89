/** Made-up rows in the Spotify Tracks Dataset layout, for the loader's tests. */
export const SPOTIFY_HEADER =
  ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';

export interface RowValues {
  index: string;
  id: string;
  artists: string;
  album: string;
  name: string;
  popularity: string;
  durationMs: string;
  explicit: string;
  danceability: string;
  energy: string;
  key: string;
  loudness: string;
  mode: string;
  speechiness: string;
  acousticness: string;
  instrumentalness: string;
  liveness: string;
  valence: string;
  tempo: string;
  timeSignature: string;
  genre: string;
}

const BASE: RowValues = {
  index: '0',
  id: 'fakeTrack0000000000001',
  artists: 'Ava Hart;Leo Costa',
  album: 'Paper Harbor',
  name: 'Silent Engine',
  popularity: '55',
  durationMs: '201000',
  explicit: 'False',
  danceability: '0.61',
  energy: '0.72',
  key: '5',
  loudness: '-6.2',
  mode: '1',
  speechiness: '0.045',
  acousticness: '0.12',
  instrumentalness: '2.3e-05',
  liveness: '0.11',
  valence: '0.48',
  tempo: '121.5',
  timeSignature: '4',
  genre: 'pop',
};

/** One CSV line; values given as already-quoted CSV text where needed. */
export function spotifyRow(overrides: Partial<RowValues> = {}): string {
  const v = { ...BASE, ...overrides };
  return [
    v.index,
    v.id,
    v.artists,
    v.album,
    v.name,
    v.popularity,
    v.durationMs,
    v.explicit,
    v.danceability,
    v.energy,
    v.key,
    v.loudness,
    v.mode,
    v.speechiness,
    v.acousticness,
    v.instrumentalness,
    v.liveness,
    v.valence,
    v.tempo,
    v.timeSignature,
    v.genre,
  ].join(',');
}

export function spotifyCsv(...rows: string[]): string {
  return `${[SPOTIFY_HEADER, ...rows].join('\n')}\n`;
}
