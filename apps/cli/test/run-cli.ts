import { PassThrough } from 'node:stream';
import { run } from '../src/program';

/** What a run of the CLI wrote and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  /** stderr without the notice that a model is being fitted in memory (see `notices`). */
  readonly stderr: string;
  /** The "no --bundle: fitting … in memory" notices, which every command without --bundle prints. */
  readonly notices: readonly string[];
}

const FIT_NOTICE = /^spotrec: no --bundle: fitting the \w+ model in memory on this catalog .*\n/gm;

/** How the fake terminal looks to the CLI. */
export interface FakeTerminal {
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
  readonly env?: Record<string, string | undefined>;
}

/** Runs the CLI in-process on `argv`, capturing stdout and stderr. */
export async function runCli(
  argv: readonly string[],
  terminal: FakeTerminal = {},
): Promise<CliResult> {
  const stdout = Object.assign(new PassThrough(), { isTTY: terminal.stdoutIsTTY ?? false });
  const stderr = Object.assign(new PassThrough(), { isTTY: terminal.stderrIsTTY ?? false });
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const code = await run(argv, { stdout, stderr, env: terminal.env ?? {} });
  const text = err.join('');
  return {
    code,
    stdout: out.join(''),
    stderr: text.replace(FIT_NOTICE, ''),
    notices: text.match(FIT_NOTICE) ?? [],
  };
}

/** The columns of the Spotify Tracks Dataset, without the unnamed index column. */
export const SPOTIFY_HEADER = [
  'track_id',
  'artists',
  'album_name',
  'track_name',
  'popularity',
  'duration_ms',
  'explicit',
  'danceability',
  'energy',
  'key',
  'loudness',
  'mode',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
  'time_signature',
  'track_genre',
] as const;

/** One CSV row in the Spotify layout: a valid track, with `cells` overriding columns. */
export function spotifyRow(
  id: string,
  cells: Partial<Record<(typeof SPOTIFY_HEADER)[number], string | number>> = {},
): string {
  const n = Number.parseInt(id.replace(/\D/g, '') || '0', 10);
  const defaults: Record<(typeof SPOTIFY_HEADER)[number], string | number> = {
    track_id: id,
    artists: `Artist ${n % 4}`,
    album_name: 'Album',
    track_name: `Song ${n}`,
    popularity: 10 + n,
    duration_ms: 200_000 + n,
    explicit: 'False',
    danceability: ((n * 37) % 100) / 100,
    energy: ((n * 53) % 100) / 100,
    key: n % 12,
    loudness: -5 - (n % 10),
    mode: n % 2,
    speechiness: ((n * 11) % 50) / 100,
    acousticness: ((n * 29) % 100) / 100,
    instrumentalness: ((n * 7) % 100) / 100,
    liveness: ((n * 13) % 100) / 100,
    valence: ((n * 17) % 100) / 100,
    tempo: 80 + ((n * 19) % 100),
    time_signature: 4,
    track_genre: ['pop', 'rock', 'jazz'][n % 3] as string,
  };
  return SPOTIFY_HEADER.map((column) => String(cells[column] ?? defaults[column])).join(',');
}
