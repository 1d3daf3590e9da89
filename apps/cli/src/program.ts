import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DataError } from '@spotrec/data';
import { openCatalog } from './catalog';
import { describeCommand } from './commands/describe';
import { downloadCommand } from './commands/download';
import { evaluateCommand } from './commands/evaluate';
import { recommendCommand } from './commands/recommend';
import { reportCommand } from './commands/report';
import { trainCommand } from './commands/train';
import { CliDataError } from './errors';
import { DEFAULT_MODEL_DIR, FILTER_FEATURES } from './models';
import { writeLine, type CliIO } from './io';

interface GlobalOptions {
  data?: string;
  interactions?: string;
  json: boolean;
  seed: number;
  tracks: number;
}

function integer(rule: 'non-negative' | 'positive') {
  return (text: string): number => {
    const value = Number(text);
    if (
      !/^\d+$/.test(text) ||
      !Number.isSafeInteger(value) ||
      (rule === 'positive' && value === 0)
    ) {
      throw new InvalidArgumentError(`expected a ${rule} integer, got "${text}"`);
    }
    return value;
  };
}

function keyValue(option: string) {
  return (text: string, previous: Record<string, number> = {}): Record<string, number> => {
    const match = /^([A-Za-z]+)=(-?\d+(?:\.\d+)?(?:e-?\d+)?)$/.exec(text);
    if (match === null)
      throw new InvalidArgumentError(`expected feature=number, such as tempo=120, got "${text}"`);
    const [, feature, value] = match as unknown as [string, string, string];
    if (!FILTER_FEATURES.includes(feature)) {
      throw new InvalidArgumentError(
        `unknown feature "${feature}" in ${option} (one of ${FILTER_FEATURES.join(', ')})`,
      );
    }
    return { ...previous, [feature]: Number(value) };
  };
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function unit(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value >= 0 && value <= 1))
    throw new InvalidArgumentError(`expected a number in [0, 1], got "${text}"`);
  return value;
}

/** Builds the `spotrec` program; output goes to `io`, never straight to the process. */
export function buildProgram(io: CliIO): Command {
  const program = new Command('spotrec')
    .description('Music recommendation over Spotify-style track audio features.')
    .addOption(
      new Option(
        '--data <csv>',
        'a CSV or .csv.gz in the Spotify Tracks or TidyTuesday layout (default: the embedded synthetic catalog)',
      ),
    )
    .addOption(
      new Option(
        '--interactions <csv>',
        'playlists × tracks in the TidyTuesday layout (protocol B in evaluate, --model hybrid in recommend)',
      ),
    )
    .addOption(new Option('--json', 'machine-readable output on stdout').default(false))
    .addOption(
      new Option('--seed <n>', 'seed of every random choice')
        .argParser(integer('non-negative'))
        .default(42),
    )
    .addOption(
      new Option('--tracks <n>', 'size of the synthetic catalog when no --data is given')
        .argParser(integer('positive'))
        .default(11_400),
    )
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text),
    });

  program
    .command('describe')
    .description('summary statistics per feature, genre counts and feature correlations')
    .addOption(
      new Option('--genres <n>', 'how many of the largest genres to list')
        .argParser(integer('positive'))
        .default(10),
    )
    .action(async (options: { genres: number }) => {
      const global = program.opts<GlobalOptions>();
      const catalog = await openCatalog({
        ...(global.data === undefined ? {} : { data: global.data }),
        seed: global.seed,
        tracks: global.tracks,
      });
      describeCommand(catalog, { json: global.json, genres: options.genres }, io);
    });

  const catalogOf = () => {
    const global = program.opts<GlobalOptions>();
    return openCatalog({
      ...(global.data === undefined ? {} : { data: global.data }),
      seed: global.seed,
      tracks: global.tracks,
    });
  };

  program
    .command('recommend')
    .description(
      'tracks like a seed track (by id or name), with /recommendations-style filters and explanations',
    )
    .argument('[track]', 'a seed track id, or a name (fuzzy: suggestions when nothing matches)')
    .addOption(
      new Option('--seed-artists <list>', 'seed artists (comma-separated)')
        .argParser(list)
        .default([]),
    )
    .addOption(
      new Option('--seed-genres <list>', 'seed genres (comma-separated)')
        .argParser(list)
        .default([]),
    )
    .addOption(
      new Option('-k, --k <n>', 'how many tracks').argParser(integer('positive')).default(10),
    )
    .addOption(
      new Option(
        '--model <model>',
        'cosine on features, on autoencoder embeddings, or hybrid (item-kNN + content; needs --interactions)',
      )
        .choices(['cosine', 'autoencoder', 'hybrid'])
        .default('cosine'),
    )
    .option(
      '--model-dir <dir>',
      'where train saved the autoencoder (trained on the fly if absent)',
      DEFAULT_MODEL_DIR,
    )
    .addOption(
      new Option(
        '--min <feature=value>',
        'hard lower bound on a raw feature (repeatable)',
      ).argParser(keyValue('--min')),
    )
    .addOption(
      new Option(
        '--max <feature=value>',
        'hard upper bound on a raw feature (repeatable)',
      ).argParser(keyValue('--max')),
    )
    .addOption(
      new Option('--target <feature=value>', 'soft target of a raw feature (repeatable)').argParser(
        keyValue('--target'),
      ),
    )
    .addOption(
      new Option('--include-genres <list>', 'only these genres (comma-separated)')
        .argParser(list)
        .default([]),
    )
    .addOption(
      new Option('--exclude-genres <list>', 'never these genres').argParser(list).default([]),
    )
    .addOption(
      new Option('--exclude-artists <list>', 'never these artists').argParser(list).default([]),
    )
    .addOption(new Option('--max-per-artist <n>', 'cap per artist').argParser(integer('positive')))
    .addOption(
      new Option('--diversity <x>', 'MMR re-ranking, 0 (off) to 1').argParser(unit).default(0),
    )
    .action(
      async (
        track: string | undefined,
        options: {
          seedArtists: string[];
          seedGenres: string[];
          k: number;
          model: 'cosine' | 'autoencoder' | 'hybrid';
          modelDir: string;
          min?: Record<string, number>;
          max?: Record<string, number>;
          target?: Record<string, number>;
          includeGenres: string[];
          excludeGenres: string[];
          excludeArtists: string[];
          maxPerArtist?: number;
          diversity: number;
        },
      ) => {
        const global = program.opts<GlobalOptions>();
        await recommendCommand(
          await catalogOf(),
          {
            ...(track === undefined ? {} : { track }),
            seedArtists: options.seedArtists,
            seedGenres: options.seedGenres,
            ...(global.interactions === undefined ? {} : { interactions: global.interactions }),
            model: options.model,
            modelDir: options.modelDir,
            k: options.k,
            min: options.min ?? {},
            max: options.max ?? {},
            target: options.target ?? {},
            includeGenres: options.includeGenres,
            excludeGenres: options.excludeGenres,
            excludeArtists: options.excludeArtists,
            ...(options.maxPerArtist === undefined ? {} : { maxPerArtist: options.maxPerArtist }),
            diversity: options.diversity,
            seed: global.seed,
            json: global.json,
          },
          io,
        );
      },
    );

  program
    .command('train')
    .description('train the autoencoder on the catalog and save it (progress bar per epoch)')
    .option('--out <dir>', 'where to save the model', DEFAULT_MODEL_DIR)
    .addOption(
      new Option('--epochs <n>', 'epochs at most (early stopping may end sooner)')
        .argParser(integer('positive'))
        .default(30),
    )
    .action(async (options: { out: string; epochs: number }) => {
      const global = program.opts<GlobalOptions>();
      await trainCommand(
        await catalogOf(),
        { out: options.out, epochs: options.epochs, seed: global.seed, json: global.json },
        io,
      );
    });

  program
    .command('evaluate')
    .description(
      'every model and baseline side by side: protocol A, and protocol B with --interactions',
    )
    .addOption(
      new Option('--queries <n>', 'seeded sample of query tracks for protocol A')
        .argParser(integer('positive'))
        .default(2000),
    )
    .option(
      '--model-dir <dir>',
      'where train saved the autoencoder (trained on the fly if absent)',
      DEFAULT_MODEL_DIR,
    )
    .action(async (options: { queries: number; modelDir: string }) => {
      const global = program.opts<GlobalOptions>();
      await evaluateCommand(
        await catalogOf(),
        {
          queries: options.queries,
          modelDir: options.modelDir,
          seed: global.seed,
          json: global.json,
          ...(global.interactions === undefined ? {} : { interactions: global.interactions }),
        },
        io,
      );
    });

  program
    .command('report')
    .description(
      'write a self-contained HTML report with charts (distributions, correlations, genres, training, metrics, embeddings)',
    )
    .option('--out <file>', 'the HTML file', 'report.html')
    .addOption(
      new Option('--queries <n>', 'seeded sample of query tracks for the metric chart')
        .argParser(integer('positive'))
        .default(1000),
    )
    .option(
      '--model-dir <dir>',
      'where train saved the autoencoder (trained on the fly if absent)',
      DEFAULT_MODEL_DIR,
    )
    .action(async (options: { out: string; queries: number; modelDir: string }) => {
      const global = program.opts<GlobalOptions>();
      await reportCommand(
        await catalogOf(),
        {
          out: options.out,
          queries: options.queries,
          modelDir: options.modelDir,
          seed: global.seed,
          json: global.json,
        },
        io,
      );
    });

  program
    .command('download')
    .description('download the full Spotify Tracks Dataset CSV (114,000 rows) and check it')
    .requiredOption('--to <path>', 'where to save the CSV')
    .option('--url <url>', 'another address to fetch from')
    .action(async (options: { to: string; url?: string }) => {
      const global = program.opts<GlobalOptions>();
      await downloadCommand(
        {
          to: options.to,
          ...(options.url === undefined ? {} : { url: options.url }),
          json: global.json,
        },
        io,
      );
    });

  return program;
}

/** Any spotrec package error (they share the `spotrec.error` marker). */
function isPackageError(error: unknown): error is Error {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[Symbol.for('spotrec.error')] === true
  );
}

/** Runs the CLI on `argv` (without the node and script paths) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed as one line by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (DataError.isInstance(error) || error instanceof CliDataError || isPackageError(error)) {
      writeLine(io.stderr, `spotrec: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
