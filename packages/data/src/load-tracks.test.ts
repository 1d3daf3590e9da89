import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPOTIFY_HEADER, spotifyCsv, spotifyRow } from './__fixtures__/csv';
import {
  CsvFormatError,
  InputReadError,
  InvalidArgumentError,
  InvalidRowError,
  MissingColumnsError,
  NoRowsError,
  defineTrackLayout,
  SPOTIFY_TRACKS_LAYOUT,
  loadTracks,
} from './index';

const tmp = mkdtempSync(join(tmpdir(), 'spotrec-data-'));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('loadTracks(source) on well-formed input', () => {
  it('reads a Spotify Tracks row into a typed Track', async () => {
    const { tracks, report } = await loadTracks({ text: spotifyCsv(spotifyRow()) });
    expect(tracks).toEqual([
      {
        id: 'fakeTrack0000000000001',
        name: 'Silent Engine',
        artists: ['Ava Hart', 'Leo Costa'],
        album: 'Paper Harbor',
        popularity: 55,
        durationMs: 201000,
        explicit: false,
        danceability: 0.61,
        energy: 0.72,
        key: 5,
        loudness: -6.2,
        mode: 1,
        speechiness: 0.045,
        acousticness: 0.12,
        instrumentalness: 2.3e-5,
        liveness: 0.11,
        valence: 0.48,
        tempo: 121.5,
        timeSignature: 4,
        genres: ['pop'],
      },
    ]);
    expect(report).toMatchObject({
      source: '<text>',
      layout: 'spotify-tracks',
      rowsRead: 1,
      rowsAccepted: 1,
      rowsRejected: 0,
      tracks: 1,
    });
  });

  it('reads the layout without the unnamed index column', async () => {
    const header = SPOTIFY_HEADER.slice(1);
    const row = spotifyRow().slice(2);
    const { tracks } = await loadTracks({ text: `${header}\n${row}\n` });
    expect(tracks[0]?.id).toBe('fakeTrack0000000000001');
  });

  it('merges rows repeating a track id into one track with every genre', async () => {
    const csv = spotifyCsv(
      spotifyRow({ genre: 'pop' }),
      spotifyRow({ index: '1', genre: 'dance' }),
      spotifyRow({ index: '2', genre: 'pop' }),
    );
    const { tracks, report } = await loadTracks({ text: csv });
    expect(tracks).toHaveLength(1);
    expect(tracks[0]?.genres).toEqual(['pop', 'dance']);
    expect(report.duplicatesMerged).toBe(2);
    expect(report.duplicateConflicts).toEqual([]);
  });

  it('keeps the first row of a duplicate and reports every field that differed', async () => {
    const csv = spotifyCsv(
      spotifyRow(),
      spotifyRow({ index: '1', popularity: '60', genre: 'dance' }),
    );
    const { tracks, report } = await loadTracks({ text: csv });
    expect(tracks[0]?.popularity).toBe(55);
    expect(report.duplicateConflicts).toEqual([
      { id: 'fakeTrack0000000000001', firstLine: 2, line: 3, fields: ['popularity'] },
    ]);
  });

  it('keeps every row with mergeDuplicates: false', async () => {
    const csv = spotifyCsv(
      spotifyRow({ genre: 'pop' }),
      spotifyRow({ index: '1', genre: 'dance' }),
    );
    const { tracks, report } = await loadTracks({ text: csv }, { mergeDuplicates: false });
    expect(tracks.map((track) => track.genres)).toEqual([['pop'], ['dance']]);
    expect(report.duplicatesMerged).toBe(0);
  });

  it('reads a byte-order mark, CRLF line ends, quoted commas and quoted newlines', async () => {
    const row = spotifyRow({ name: '"Hello, ""World""\r\nPart 2"', album: '"A, B"' });
    const csv = `\uFEFF${SPOTIFY_HEADER}\r\n${row}\r\n`;
    const { tracks } = await loadTracks({ text: csv });
    expect(tracks[0]?.name).toBe('Hello, "World"\r\nPart 2');
    expect(tracks[0]?.album).toBe('A, B');
  });

  it('loads an empty artists, album and name (the real row 65900) as empty values', async () => {
    const { tracks } = await loadTracks({
      text: spotifyCsv(
        spotifyRow({ artists: '', album: '', name: '', popularity: '0', durationMs: '0' }),
      ),
    });
    expect(tracks[0]).toMatchObject({
      artists: [],
      album: '',
      name: '',
      popularity: 0,
      durationMs: 0,
    });
  });

  it('accepts tempo 0, time_signature 0 and key -1, which the data uses for "not estimated"', async () => {
    const { tracks } = await loadTracks({
      text: spotifyCsv(spotifyRow({ tempo: '0', timeSignature: '0', key: '-1' })),
    });
    expect(tracks[0]).toMatchObject({ tempo: 0, timeSignature: 0, key: -1 });
  });

  it('skips blank lines without counting them as rows, and numbers lines as in the file', async () => {
    const csv = `${SPOTIFY_HEADER}\n\n${spotifyRow()}\n\n${spotifyRow({ id: 'x', danceability: 'high' })}\n`;
    const { report } = await loadTracks({ text: csv }, { onInvalid: 'collect' });
    expect(report.rowsRead).toBe(2);
    expect(report.issues[0]).toMatchObject({
      line: 5,
      column: 'danceability',
      rule: 'not-a-number',
    });
  });

  it('reads from a path, a gzip path (by its magic bytes), a URL and a stream alike', async () => {
    const csv = spotifyCsv(spotifyRow());
    const plain = join(tmp, 'plain.csv');
    const gzipped = join(tmp, 'named-without-gz.csv');
    writeFileSync(plain, csv);
    writeFileSync(gzipped, gzipSync(csv));
    const results = await Promise.all([
      loadTracks(plain),
      loadTracks(gzipped),
      loadTracks(new URL(`file://${plain}`)),
      loadTracks(Readable.from([Buffer.from(csv.slice(0, 50)), Buffer.from(csv.slice(50))])),
      loadTracks(Readable.from([gzipSync(csv)])),
    ]);
    for (const { tracks } of results) expect(tracks[0]?.name).toBe('Silent Engine');
    expect(results[0]?.report.source).toBe(plain);
    expect(results[3]?.report.source).toBe('<stream>');
  });

  it('loads a CSV with its own column names through a declared layout', async () => {
    const layout = defineTrackLayout({
      name: 'renamed',
      columns: { ...SPOTIFY_TRACKS_LAYOUT.columns, id: 'spotify_id', genres: 'genre' },
      artistSeparator: ';',
    });
    const csv = SPOTIFY_HEADER.replace('track_id', 'spotify_id').replace('track_genre', 'genre');
    const { tracks, report } = await loadTracks({ text: `${csv}\n${spotifyRow()}\n` }, { layout });
    expect(report.layout).toBe('renamed');
    expect(tracks[0]?.genres).toEqual(['pop']);
  });

  it('leaves optional fields the layout has no column for as null', async () => {
    const header = SPOTIFY_HEADER.replace(',explicit', '').replace(',time_signature', '');
    const row = spotifyRow()
      .replace(',False', '')
      .replace(/,4,pop$/, ',pop');
    const { tracks } = await loadTracks({ text: `${header}\n${row}\n` });
    expect(tracks[0]).toMatchObject({ explicit: null, timeSignature: null, tempo: 121.5 });
  });
});

describe('loadTracks(source) on bad input', () => {
  const cases: [string, Partial<Parameters<typeof spotifyRow>[0]>, string, string][] = [
    ['a non-numeric value', { energy: 'loud' }, 'energy', 'not-a-number'],
    ['NaN', { energy: 'NaN' }, 'energy', 'not-a-number'],
    ['an empty number', { tempo: '' }, 'tempo', 'missing'],
    ['a thousands separator', { durationMs: '"201,000"' }, 'duration_ms', 'not-a-number'],
    ['danceability 1.7', { danceability: '1.7' }, 'danceability', 'out-of-range'],
    ['key 14', { key: '14' }, 'key', 'out-of-range'],
    ['key 2.5', { key: '2.5' }, 'key', 'not-an-integer'],
    ['mode 2', { mode: '2' }, 'mode', 'out-of-range'],
    ['popularity -1', { popularity: '-1' }, 'popularity', 'out-of-range'],
    ['Infinity', { loudness: 'Infinity' }, 'loudness', 'not-a-number'],
    ['1e999', { loudness: '1e999' }, 'loudness', 'out-of-range'],
    ['a number with spaces', { tempo: ' 120' }, 'tempo', 'not-a-number'],
    ['explicit "yes"', { explicit: 'yes' }, 'explicit', 'not-a-boolean'],
    ['an empty id', { id: '' }, 'track_id', 'empty-id'],
  ];

  for (const [title, overrides, column, rule] of cases) {
    it(`throws InvalidRowError naming line, column and rule for ${title}`, async () => {
      const error = await rejection(
        loadTracks({ text: spotifyCsv(spotifyRow(), spotifyRow(overrides)) }),
      );
      expect(InvalidRowError.isInstance(error)).toBe(true);
      const invalid = error as InvalidRowError;
      expect(invalid.line).toBe(3);
      expect(invalid.issues[0]).toMatchObject({ line: 3, column, rule });
      expect(invalid.message).toContain('line 3');
      expect(invalid.message).toContain(column);
    });
  }

  it('reports a ragged row (too few and too many fields)', async () => {
    const csv = spotifyCsv(spotifyRow(), 'a,b,c', `${spotifyRow()},extra`);
    const { report } = await loadTracks({ text: csv }, { onInvalid: 'collect' });
    expect(report.issues.map((issue) => [issue.line, issue.rule, issue.value])).toEqual([
      [3, 'ragged-row', '3'],
      [4, 'ragged-row', '22'],
    ]);
  });

  it("skips invalid rows with onInvalid: 'skip', counting them by rule", async () => {
    const csv = spotifyCsv(
      spotifyRow(),
      spotifyRow({ id: 'b', key: '14', mode: '3' }),
      spotifyRow({ id: 'c', energy: '' }),
    );
    const { tracks, report } = await loadTracks({ text: csv }, { onInvalid: 'skip' });
    expect(tracks).toHaveLength(1);
    expect(report).toMatchObject({ rowsRead: 3, rowsAccepted: 1, rowsRejected: 2, issues: [] });
    expect(report.issueCounts).toEqual({ 'out-of-range': 2, missing: 1 });
  });

  it("lists every issue of a row with onInvalid: 'collect'", async () => {
    const csv = spotifyCsv(spotifyRow({ key: '14', mode: '3' }));
    const { report } = await loadTracks({ text: csv }, { onInvalid: 'collect' });
    expect(report.issues.map((issue) => issue.column)).toEqual(['key', 'mode']);
  });

  it('rejects a 1 MB field as too-long without hanging, and accepts it when allowed', async () => {
    const huge = 'x'.repeat(1 << 20);
    const csv = spotifyCsv(spotifyRow({ name: huge }));
    const { report } = await loadTracks({ text: csv }, { onInvalid: 'collect' });
    expect(report.issues[0]).toMatchObject({ column: 'track_name', rule: 'too-long' });
    expect(report.issues[0]?.value.length).toBeLessThanOrEqual(80);
    const { tracks } = await loadTracks({ text: csv }, { maxFieldLength: 2 << 20 });
    expect(tracks[0]?.name).toHaveLength(1 << 20);
  });

  it('fails at the header, once, naming every missing required column', async () => {
    const header = SPOTIFY_HEADER.replace(',energy', '').replace(',tempo', '');
    const error = await rejection(loadTracks({ text: `${header}\n` }));
    expect(MissingColumnsError.isInstance(error)).toBe(true);
    expect((error as MissingColumnsError).missing).toEqual(['energy', 'tempo']);
    expect((error as Error).message).toMatch(/"energy", "tempo" of the spotify-tracks layout/);
  });

  it('rejects an empty input with a CsvFormatError', async () => {
    for (const text of ['', '\n\n', '\uFEFF']) {
      const error = await rejection(loadTracks({ text }));
      expect(CsvFormatError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('empty');
    }
  });

  it('rejects a header naming a column twice', async () => {
    const error = await rejection(loadTracks({ text: `${SPOTIFY_HEADER},energy\n` }));
    expect(CsvFormatError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('"energy" twice');
  });

  it('rejects an unclosed quote at the line and column where it opened, not where parsing gave up', async () => {
    // Header on line 1, nine rows on lines 2–10; the quote opens on line 3 and is never closed.
    const rows = Array.from({ length: 9 }, (_, index) =>
      spotifyRow({ id: `t${index}`, name: index === 1 ? '"never closed' : 'Plain' }),
    );
    const error = await rejection(loadTracks({ text: spotifyCsv(...rows) }));
    expect(CsvFormatError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ line: 3, column: 'track_name' });
    expect((error as Error).message).toMatch(
      /^<text>, line 3, column "track_name": .*never closed/,
    );
    expect((error as Error).cause).toMatchObject({ code: 'CSV_QUOTE_NOT_CLOSED' });
  });

  it('names the opening line of an unclosed quote that swallows later quoted fields', async () => {
    // A later quoted field makes csv-parse give up there (line 7): the report stays at line 3.
    const rows = Array.from({ length: 9 }, (_, index) =>
      spotifyRow({
        id: `t${index}`,
        name: index === 1 ? '"never closed' : index === 5 ? '"A, B"' : 'Plain',
      }),
    );
    const error = await rejection(loadTracks({ text: spotifyCsv(...rows) }));
    expect(error).toMatchObject({ name: 'CsvFormatError', line: 3, column: 'track_name' });
    expect((error as Error).cause).toMatchObject({ code: 'CSV_INVALID_CLOSING_QUOTE' });
  });

  it('counts lines exactly for an unclosed quote far into a file read in chunks', async () => {
    // Records before the faulty one are still buffered when csv-parse fails; a quoted field
    // with a line break earlier in the same record moves the opening quote one line down.
    const rows = Array.from({ length: 3000 }, (_, index) =>
      spotifyRow({ id: `t${index}`, album: index === 2500 ? '"Two\nlines"' : 'Album' }),
    );
    const broken = spotifyRow({ id: 'bad', album: '"Two\nlines"', name: '"never closed' });
    const csv = spotifyCsv(...rows, broken, spotifyRow({ id: 'after' }));
    const bytes = Buffer.from(csv);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 4096) }, (_, index) =>
      bytes.subarray(index * 4096, (index + 1) * 4096),
    );
    const error = await rejection(loadTracks(Readable.from(chunks)));
    // Header line 1, rows on lines 2–3002 (row 2500 spans two lines), the broken row starts
    // on line 3003 and its name field (after the two-line album) on line 3004.
    expect(error).toMatchObject({ name: 'CsvFormatError', line: 3004, column: 'track_name' });
  });

  it('rejects an unclosed or misplaced quote with the line it was found on', async () => {
    const error = await rejection(
      loadTracks({ text: spotifyCsv(spotifyRow(), spotifyRow({ name: '"broken"x' })) }),
    );
    expect(CsvFormatError.isInstance(error)).toBe(true);
    expect((error as CsvFormatError).line).toBe(3);
    expect((error as CsvFormatError).column).toBe('track_name');
    const unclosed = await rejection(
      loadTracks({ text: spotifyCsv(spotifyRow({ name: '"never closed' })) }),
    );
    expect(CsvFormatError.isInstance(unclosed)).toBe(true);
  });

  it('rejects a truncated gzip file with an InputReadError naming the file', async () => {
    const gz = gzipSync(
      spotifyCsv(...Array.from({ length: 200 }, (_, index) => spotifyRow({ id: `id${index}` }))),
    );
    const path = join(tmp, 'truncated.csv.gz');
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length / 2)));
    const error = await rejection(loadTracks(path));
    expect(InputReadError.isInstance(error)).toBe(true);
    expect((error as InputReadError).source).toBe(path);
    expect((error as Error).message).toMatch(/truncated/);
  });

  it('rejects a missing file and a directory with an InputReadError', async () => {
    const missing = await rejection(loadTracks(join(tmp, 'nope.csv')));
    expect(InputReadError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toContain('no such file');
    expect(InputReadError.isInstance(await rejection(loadTracks(tmp)))).toBe(true);
  });

  it('rejects bad options with an InvalidArgumentError naming the option', async () => {
    const csv = { text: spotifyCsv(spotifyRow()) };
    const cases: [unknown, string][] = [
      [null, 'options'],
      [{ encoding: 'utf-16' }, 'options.encoding'],
      [{ allowEmpty: 'no' }, 'options.allowEmpty'],
      [{ layout: { name: 'x', columns: null } }, 'layout.columns'],
      [{ onInvalid: 'ignore' }, 'options.onInvalid'],
      [{ maxFieldLength: 0 }, 'options.maxFieldLength'],
      [{ mergeDuplicates: 'yes' }, 'options.mergeDuplicates'],
      [{ layout: 'kaggle' }, 'options.layout'],
    ];
    for (const [options, parameter] of cases) {
      const error = await rejection(loadTracks(csv, options as never));
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as InvalidArgumentError).parameter).toBe(parameter);
    }
    const badSource = await rejection(loadTracks(new URL('https://example.org/a.csv')));
    expect((badSource as InvalidArgumentError).parameter).toBe('source');
  });
});

describe('loadTracks(source, { encoding })', () => {
  // A made-up row whose artist is written in Latin-1: "é" and "ü" are single bytes 0xE9, 0xFC.
  const latin1 = Buffer.from(
    spotifyCsv(
      spotifyRow({ id: 'a' }),
      spotifyRow({ id: 'b', artists: 'Beyoncé Müller' }),
      spotifyRow({ id: 'c' }),
    ),
    'latin1',
  );

  it('throws InvalidRowError with rule encoding, line and column for a Latin-1 file read as UTF-8', async () => {
    const error = await rejection(loadTracks(Readable.from([latin1])));
    expect(InvalidRowError.isInstance(error)).toBe(true);
    expect((error as InvalidRowError).issues).toEqual([
      {
        line: 3,
        column: 'artists',
        rule: 'encoding',
        value: 'Beyonc\uFFFD M\uFFFDller',
        message: expect.stringMatching(
          /column "artists" is not valid UTF-8: byte 0xE9 at character 7, 2 invalid sequences.*encoding: 'latin1'/,
        ),
      },
    ]);
  });

  it("decodes the names correctly with encoding: 'latin1'", async () => {
    const path = join(tmp, 'latin1.csv');
    writeFileSync(path, latin1);
    const { tracks, report } = await loadTracks(path, { encoding: 'latin1' });
    expect(tracks.map((track) => track.artists)).toEqual([
      ['Ava Hart', 'Leo Costa'],
      ['Beyoncé Müller'],
      ['Ava Hart', 'Leo Costa'],
    ]);
    expect(report.rowsRejected).toBe(0);
  });

  it("skips or collects the undecodable row and loads the rest with onInvalid: 'skip' | 'collect'", async () => {
    const skipped = await loadTracks(Readable.from([latin1]), { onInvalid: 'skip' });
    expect(skipped.tracks.map((track) => track.id)).toEqual(['a', 'c']);
    expect(skipped.report).toMatchObject({ rowsRejected: 1, issueCounts: { encoding: 1 } });
    const collected = await loadTracks(Readable.from([latin1]), { onInvalid: 'collect' });
    expect(collected.tracks.map((track) => track.id)).toEqual(['a', 'c']);
    expect(collected.report.issues).toMatchObject([
      { line: 3, column: 'artists', rule: 'encoding' },
    ]);
  });

  it('reads UTF-8 whose multi-byte characters are split between stream chunks', async () => {
    const bytes = Buffer.from(spotifyCsv(spotifyRow({ artists: 'Beyoncé;Sigur Rós 𝄞' })), 'utf8');
    const splitAt = bytes.indexOf(Buffer.from('é')) + 1; // between the two bytes of "é"
    const clefAt = bytes.indexOf(Buffer.from('𝄞')) + 2; // inside the four bytes of "𝄞"
    const { tracks, report } = await loadTracks(
      Readable.from([
        bytes.subarray(0, splitAt),
        bytes.subarray(splitAt, clefAt),
        bytes.subarray(clefAt),
      ]),
    );
    expect(tracks[0]?.artists).toEqual(['Beyoncé', 'Sigur Rós 𝄞']);
    expect(report.rowsRejected).toBe(0);
  });

  it('keeps a U+FFFD that the file really contains', async () => {
    const { tracks } = await loadTracks(
      Readable.from([Buffer.from(spotifyCsv(spotifyRow({ name: 'Odd \uFFFD title' })), 'utf8')]),
    );
    expect(tracks[0]?.name).toBe('Odd \uFFFD title');
  });

  it('fails with a CsvFormatError when the header itself is not valid UTF-8', async () => {
    const header = Buffer.from(`${SPOTIFY_HEADER},Année\n`, 'latin1');
    const error = await rejection(loadTracks(Readable.from([header])));
    expect(error).toMatchObject({ name: 'CsvFormatError', line: 1 });
    expect((error as Error).message).toMatch(/header is not valid UTF-8: bytes 0xE9/);
  });
});

describe('loadTracks(source) on a header-only file', () => {
  it('returns tracks: [] and a report with rowsRead 0 by default', async () => {
    const { tracks, report } = await loadTracks({ text: `${SPOTIFY_HEADER}\n` });
    expect(tracks).toEqual([]);
    expect(report).toMatchObject({ rowsRead: 0, rowsAccepted: 0, tracks: 0 });
  });

  it('throws NoRowsError naming the source with allowEmpty: false', async () => {
    const path = join(tmp, 'header-only.csv');
    writeFileSync(path, `${SPOTIFY_HEADER}\n\n`);
    const error = await rejection(loadTracks(path, { allowEmpty: false }));
    expect(NoRowsError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ source: path, reason: 'header-only', rowsRead: 0 });
    expect((error as Error).message).toBe(`${path}: the input has a header and no rows`);
  });

  it("tells a file whose every row was rejected apart, with reason 'all-rejected'", async () => {
    const csv = spotifyCsv(spotifyRow({ key: '14' }), spotifyRow({ id: 'b', energy: '' }));
    const { tracks, report } = await loadTracks({ text: csv }, { onInvalid: 'skip' });
    expect(tracks).toEqual([]);
    expect(report).toMatchObject({ rowsRead: 2, rowsAccepted: 0, rowsRejected: 2 });
    const error = await rejection(
      loadTracks({ text: csv }, { onInvalid: 'skip', allowEmpty: false }),
    );
    expect(error).toMatchObject({ name: 'NoRowsError', reason: 'all-rejected', rowsRead: 2 });
  });
});

describe('loadTracks(source) on a quote inside an unquoted field', () => {
  it('fails with a CsvFormatError at the row and column (csv-parse code INVALID_OPENING_QUOTE)', async () => {
    const error = await rejection(
      loadTracks({ text: spotifyCsv(spotifyRow(), spotifyRow({ name: 'Say "hi"' })) }),
    );
    expect(CsvFormatError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ line: 3, column: 'track_name' });
    expect((error as Error).message).toContain('Invalid Opening Quote');
  });
});
