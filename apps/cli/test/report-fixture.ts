import { writeFileSync } from 'node:fs';
import { syntheticCatalog, type Track } from '@spotrec/data';

const HEADER =
  ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';

function quoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

function row(index: number, track: Track, genre: string): string {
  return [
    index,
    track.id,
    quoted(track.artists.join(';')),
    quoted(track.album),
    quoted(track.name),
    track.popularity,
    track.durationMs,
    track.explicit === true ? 'True' : 'False',
    track.danceability,
    track.energy,
    track.key,
    track.loudness,
    track.mode,
    track.speechiness,
    track.acousticness,
    track.instrumentalness,
    track.liveness,
    track.valence,
    track.tempo,
    track.timeSignature,
    genre,
  ].join(',');
}

/**
 * Writes a made-up CSV in the Spotify Tracks layout with the quirks the report's data-quality
 * panel counts: 120 ids repeated under another genre (10 of them with another popularity),
 * 9 tracks with tempo 0, 4 with time signature 0, and 3 invalid rows.
 */
export function writeQuirkyCatalog(path: string, size = 1500, seed = 3): void {
  const tracks = syntheticCatalog({ tracks: size, seed }).map((track, at) => ({
    ...track,
    tempo: at % 150 === 7 ? 0 : track.tempo,
    timeSignature: at % 300 === 11 ? 0 : track.timeSignature,
  }));
  const lines = [HEADER];
  tracks.forEach((track, at) => lines.push(row(at, track, track.genres[0] as string)));
  const genres = [...new Set(tracks.map((track) => track.genres[0] as string))].sort();
  for (let at = 0; at < 120; at += 1) {
    const track = tracks[at * 10] as Track;
    const other = genres.find((genre) => !track.genres.includes(genre)) as string;
    const changed = at < 10 ? { ...track, popularity: ((track.popularity ?? 0) + 1) % 100 } : track;
    lines.push(row(size + at, changed, other));
  }
  lines.push(row(size + 200, { ...(tracks[1] as Track), id: 'bad-energy', energy: 1.5 }, 'pop'));
  lines.push(row(size + 201, { ...(tracks[2] as Track), id: 'bad-tempo', tempo: 900 }, 'pop'));
  lines.push(row(size + 202, { ...(tracks[3] as Track), id: 'bad-key', key: 12 }, 'pop'));
  writeFileSync(path, `${lines.join('\n')}\n`);
}
