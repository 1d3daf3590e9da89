/**
 * Genre families for colouring a map: the 114 genres of the Spotify Tracks Dataset (and the
 * six of TidyTuesday) grouped by ear into eleven families; a genre not listed is `other`.
 */
// prettier-ignore
const FAMILIES: Readonly<Record<string, readonly string[]>> = {
  rock: [
    'alt-rock', 'alternative', 'british', 'emo', 'garage', 'goth', 'grunge', 'guitar',
    'hard-rock', 'indie', 'j-rock', 'psych-rock', 'punk', 'punk-rock', 'rock', 'rock-n-roll',
    'rockabilly', 'ska',
  ],
  metal: [
    'black-metal', 'death-metal', 'grindcore', 'hardcore', 'heavy-metal', 'industrial', 'metal',
    'metalcore',
  ],
  electronic: [
    'breakbeat', 'chicago-house', 'club', 'dance', 'deep-house', 'detroit-techno', 'disco',
    'drum-and-bass', 'dub', 'dubstep', 'edm', 'electro', 'electronic', 'groove', 'hardstyle',
    'house', 'idm', 'j-dance', 'minimal-techno', 'party', 'progressive-house', 'techno',
    'trance', 'trip-hop',
  ],
  pop: [
    'anime', 'cantopop', 'french', 'german', 'happy', 'indie-pop', 'j-idol', 'j-pop', 'k-pop',
    'mandopop', 'pop', 'pop-film', 'power-pop', 'sad', 'swedish', 'synth-pop',
  ],
  'hip-hop, r&b, soul': [
    'dancehall', 'funk', 'gospel', 'hip-hop', 'r-n-b', 'r&b', 'rap', 'reggae', 'soul',
  ],
  'latin, brazil': [
    'brazil', 'forro', 'latin', 'latino', 'mpb', 'pagode', 'reggaeton', 'salsa', 'samba',
    'sertanejo', 'spanish', 'tango',
  ],
  'folk, country': [
    'acoustic', 'bluegrass', 'country', 'folk', 'honky-tonk', 'singer-songwriter', 'songwriter',
  ],
  'jazz, blues': ['blues', 'jazz'],
  'classical, calm': ['ambient', 'chill', 'classical', 'new-age', 'opera', 'piano', 'sleep', 'study'],
  world: ['afrobeat', 'indian', 'iranian', 'malay', 'turkish', 'world-music'],
  'children, stage, comedy': ['children', 'comedy', 'disney', 'kids', 'romance', 'show-tunes'],
};

const FAMILY_OF = new Map(
  Object.entries(FAMILIES).flatMap(([family, genres]) => genres.map((genre) => [genre, family])),
);

/** The family names, in a fixed order (the colour order of the map). */
export const GENRE_FAMILIES: readonly string[] = [...Object.keys(FAMILIES), 'other'];

/** The family of a track: the family of its first genre that has one, else `other`. */
export function familyOf(genres: readonly string[]): string {
  for (const genre of genres) {
    const family = FAMILY_OF.get(genre);
    if (family !== undefined) return family;
  }
  return 'other';
}
