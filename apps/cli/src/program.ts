import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  DataError,
  NUMERIC_TRACK_FIELDS,
  TRACK_FIELD_RANGES,
  type NumericTrackField,
  type OnInvalid,
} from '@spotrec/data';
import packageJson from '../package.json';
import { openCatalog, type Catalog, type InteractionsSettings } from './catalog';
import { describeCommand } from './commands/describe';
import { downloadCommand } from './commands/download';
import { evaluateCommand } from './commands/evaluate';
import { recommendCommand } from './commands/recommend';
import { reportCommand } from './commands/report';
import { trainCommand } from './commands/train';
import { CliDataError, CliUsageError } from './errors';
import { readLayoutFile } from './layout-file';
import { assertWritableDirectory, assertWritableFile } from './output-path';
import {
  CLI_MODELS,
  DEFAULT_BUNDLE_DIR,
  FILTER_FEATURES,
  openModel,
  type CliModel,
} from './models';
import { InvalidArgumentError as RequestError } from '@spotrec/recommender';
import { writeLine, type CliIO } from './io';
import { StepProgress } from './progress';

interface GlobalOptions {
  data?: string;
  layout?: string;
  interactions?: string;
  userColumn?: string;
  itemColumn?: string;
  onInvalid: OnInvalid;
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

/** The longest track or artist name the CLI looks up. */
const MAX_NAME_LENGTH = 200;

function isNumericField(name: string): name is NumericTrackField {
  return (NUMERIC_TRACK_FIELDS as readonly string[]).includes(name);
}

function keyValue(option: string) {
  return (text: string, previous: Record<string, number> = {}): Record<string, number> => {
    const match = /^([A-Za-z]+)=(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)$/.exec(text);
    if (match === null)
      throw new InvalidArgumentError(`expected feature=number, such as tempo=120, got "${text}"`);
    const [, feature, written] = match as unknown as [string, string, string];
    if (!FILTER_FEATURES.includes(feature) || !isNumericField(feature)) {
      throw new InvalidArgumentError(
        `unknown feature "${feature}" in ${option} (one of ${FILTER_FEATURES.join(', ')})`,
      );
    }
    const value = Number(written);
    const range = TRACK_FIELD_RANGES[feature];
    if (!Number.isFinite(value) || value < range.min || value > range.max) {
      throw new InvalidArgumentError(
        `${feature}=${written} is outside the range of ${feature}, ${range.min} to ${range.max}`,
      );
    }
    return { ...previous, [feature]: value };
  };
}

/** A name cut to a readable length for a message. */
function shortened(text: string, length = 40): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}

function assertNameLength(name: string, what: string): void {
  if (name.length > MAX_NAME_LENGTH) {
    throw new CliUsageError(
      `${what} is ${name.length.toLocaleString('en-US')} characters long, more than ${MAX_NAME_LENGTH}: ${JSON.stringify(shortened(name))}`,
    );
  }
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

function modelOption(fallback: CliModel): Option {
  return new Option(
    '--model <model>',
    'without --bundle, the model fitted in memory: cosine on the features, on the embeddings of the autoencoder, the supervised autoencoder or the genre classifier (both trained on genres, encoding audio alone), or hybrid (item-kNN + content; needs --interactions)',
  )
    .choices(CLI_MODELS)
    .default(fallback);
}

/** Builds the `spotrec` program; output goes to `io`, never straight to the process. */
export function buildProgram(io: CliIO): Command {
  const program = new Command('spotrec')
    .description('Music recommendation over Spotify-style track audio features.')
    .version(packageJson.version, '-V, --version', 'print the version')
    .addOption(
      new Option(
        '--data <csv>',
        'a CSV or .csv.gz in the Spotify Tracks or TidyTuesday layout (default: the embedded synthetic catalog)',
      ),
    )
    .addOption(
      new Option(
        '--layout <json>',
        'a declared column layout for --data (JSON: name, columns, artistSeparator, genreSeparator)',
      ),
    )
    .addOption(
      new Option(
        '--on-invalid <policy>',
        'invalid rows of --data or --interactions: stop at the first (throw), leave them out (skip), or leave them out and list their lines (collect)',
      )
        .choices(['throw', 'skip', 'collect'])
        .default('throw'),
    )
    .addOption(
      new Option(
        '--interactions <csv>',
        'playlists × tracks in the TidyTuesday layout (protocol B in evaluate, --model hybrid in recommend)',
      ),
    )
    .addOption(
      new Option(
        '--user-column <name>',
        'the user (playlist) id column of --interactions (default: playlist_id)',
      ),
    )
    .addOption(
      new Option(
        '--item-column <name>',
        'the track id column of --interactions (default: track_id)',
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
    })
    .hook('preAction', () => {
      const global = program.opts<GlobalOptions>();
      if (global.layout !== undefined && global.data === undefined)
        throw new CliUsageError('--layout describes the columns of --data: give --data too');
      for (const [option, value] of [
        ['--user-column', global.userColumn],
        ['--item-column', global.itemColumn],
      ] as const) {
        if (value !== undefined && global.interactions === undefined)
          throw new CliUsageError(
            `${option} names a column of --interactions: give --interactions too`,
          );
      }
    });

  const catalogOf = () => {
    const global = program.opts<GlobalOptions>();
    return openCatalog(
      {
        ...(global.data === undefined ? {} : { data: global.data }),
        ...(global.layout === undefined ? {} : { layout: readLayoutFile(global.layout) }),
        onInvalid: global.onInvalid,
        seed: global.seed,
        tracks: global.tracks,
      },
      io,
    );
  };

  const interactionsSettings = (): InteractionsSettings => {
    const global = program.opts<GlobalOptions>();
    return {
      onInvalid: global.onInvalid,
      ...(global.userColumn === undefined ? {} : { userColumn: global.userColumn }),
      ...(global.itemColumn === undefined ? {} : { itemColumn: global.itemColumn }),
    };
  };

  const fitSettings = (model: CliModel, epochs: number) => {
    const global = program.opts<GlobalOptions>();
    return {
      model,
      epochs,
      seed: global.seed,
      ...(global.interactions === undefined ? {} : { interactions: global.interactions }),
      interactionsSettings: interactionsSettings(),
      progress: !global.json,
    };
  };

  /** `--bundle DIR`, or `--model` fitted in memory on the catalog. */
  const modelOf = (bundle: string | undefined, model: CliModel, epochs: number) =>
    openModel(
      bundle,
      catalogOf,
      program.opts<GlobalOptions>().data !== undefined,
      fitSettings(model, epochs),
      io,
    );

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
      describeCommand(await catalogOf(), { json: global.json, genres: options.genres }, io);
    });

  program
    .command('recommend')
    .description(
      'tracks like a seed track (by id or name), with /recommendations-style filters and explanations',
    )
    .argument('[track]', 'a seed track id, or a name (fuzzy: suggestions when nothing matches)')
    .option('--artist <name>', 'pick the seed track among the tracks of this artist')
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
    .option(
      '--bundle <dir>',
      'answer from a bundle written by spotrec train (else fit --model in memory)',
    )
    .addOption(modelOption('features'))
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
          artist?: string;
          k: number;
          bundle?: string;
          model: CliModel;
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
        if (track !== undefined) assertNameLength(track, 'the track name');
        if (options.artist !== undefined) {
          assertNameLength(options.artist, 'the --artist name');
          if (track === undefined)
            throw new CliUsageError('--artist picks among tracks of one name: give a track too');
        }
        await recommendCommand(
          () => modelOf(options.bundle, options.model, 30),
          {
            ...(track === undefined ? {} : { track }),
            ...(options.artist === undefined ? {} : { artist: options.artist }),
            seedArtists: options.seedArtists,
            seedGenres: options.seedGenres,
            k: options.k,
            min: options.min ?? {},
            max: options.max ?? {},
            target: options.target ?? {},
            includeGenres: options.includeGenres,
            excludeGenres: options.excludeGenres,
            excludeArtists: options.excludeArtists,
            ...(options.maxPerArtist === undefined ? {} : { maxPerArtist: options.maxPerArtist }),
            diversity: options.diversity,
            json: global.json,
          },
          io,
        );
      },
    );

  program
    .command('train')
    .description(
      'fit a model on the catalog and write it as a bundle (manifest, pipeline, index, catalog, model)',
    )
    .option('--out <dir>', 'the bundle folder', DEFAULT_BUNDLE_DIR)
    .addOption(modelOption('autoencoder'))
    .addOption(
      new Option('--epochs <n>', 'autoencoder epochs at most (early stopping may end sooner)')
        .argParser(integer('positive'))
        .default(30),
    )
    .addOption(
      new Option(
        '--evaluate-queries <n>',
        'protocol A queries measured and recorded in the manifest (0: none)',
      )
        .argParser(integer('non-negative'))
        .default(500),
    )
    .action(
      async (options: {
        out: string;
        model: CliModel;
        epochs: number;
        evaluateQueries: number;
      }) => {
        const global = program.opts<GlobalOptions>();
        assertWritableDirectory(options.out, 'the bundle');
        await trainCommand(
          await catalogOf(),
          {
            out: options.out,
            evaluateQueries: options.evaluateQueries,
            json: global.json,
            ...fitSettings(options.model, options.epochs),
          },
          io,
        );
      },
    );

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
    .option('--bundle <dir>', 'evaluate the model of a bundle written by spotrec train')
    .addOption(modelOption('autoencoder'))
    .addOption(
      new Option(
        '--protocol <protocol>',
        'a: genre as relevance over the catalog; held-out-artists: A′, learned parts fitted without the query artists; playlists: B alone (needs --interactions)',
      )
        .choices(['a', 'held-out-artists', 'playlists'])
        .default('a'),
    )
    .addOption(
      new Option(
        '--epochs <n>',
        'epochs at most of the encoders fitted per split (protocols A′ and B)',
      )
        .argParser(integer('positive'))
        .default(30),
    )
    .action(
      async (options: {
        queries: number;
        bundle?: string;
        model: CliModel;
        protocol: 'a' | 'held-out-artists' | 'playlists';
        epochs: number;
      }) => {
        const global = program.opts<GlobalOptions>();
        if (options.protocol !== 'a' && options.bundle !== undefined)
          throw new CliUsageError(
            `--protocol ${options.protocol} fits every model on its own split: it takes no --bundle`,
          );
        await evaluateCommand(
          () => modelOf(options.bundle, options.model, 30),
          catalogOf,
          {
            protocol: options.protocol,
            epochs: options.epochs,
            queries: options.queries,
            seed: global.seed,
            json: global.json,
            ...(global.interactions === undefined ? {} : { interactions: global.interactions }),
            interactionsSettings: interactionsSettings(),
          },
          io,
        );
      },
    );

  program
    .command('report')
    .description(
      'write a self-contained HTML report: data quality, distributions, correlations, genre profiles, popularity, protocols A (A′, B) with intervals, training curves, the embedding map and example recommendations',
    )
    .option('--out <file>', 'the HTML file', 'report.html')
    .addOption(
      new Option('--queries <n>', 'seeded sample of query tracks for protocols A and A′')
        .argParser(integer('positive'))
        .default(1000),
    )
    .option('--bundle <dir>', 'show the model of a bundle written by spotrec train')
    .addOption(modelOption('autoencoder'))
    .addOption(
      new Option(
        '--held-out-artists',
        'also run protocol A′ (fits its own autoencoder on the tracks of 80% of artists)',
      ).default(false),
    )
    .addOption(
      new Option('--epochs <n>', 'autoencoder epochs (the in-memory model and protocol A′)')
        .argParser(integer('positive'))
        .default(30),
    )
    .addOption(
      new Option(
        '--color-by <feature>',
        'colour of the embedding map: family (genre family) or a numeric feature such as energy',
      )
        .choices(['family', ...NUMERIC_TRACK_FIELDS])
        .default('family'),
    )
    .action(
      async (options: {
        out: string;
        queries: number;
        bundle?: string;
        model: CliModel;
        heldOutArtists: boolean;
        epochs: number;
        colorBy: 'family' | NumericTrackField;
      }) => {
        const global = program.opts<GlobalOptions>();
        assertWritableFile(options.out, 'the report');
        const steps = new StepProgress(io, !global.json);
        const hasData = global.data !== undefined;
        const catalog =
          options.bundle === undefined || hasData
            ? await steps.run('loading the catalog', catalogOf)
            : undefined;
        const opened = await steps.run(
          options.bundle === undefined
            ? `fitting the ${options.model} model in memory`
            : `loading bundle ${options.bundle}`,
          () =>
            openModel(
              options.bundle,
              // Only called when the catalog was loaded above (no --bundle, or --data given).
              async () => catalog as Catalog,
              hasData,
              fitSettings(options.model, options.epochs),
              io,
            ),
        );
        await reportCommand(
          opened,
          {
            out: options.out,
            queries: options.queries,
            bundleDir: options.bundle ?? null,
            seed: global.seed,
            json: global.json,
            heldOutArtists: options.heldOutArtists,
            epochs: options.epochs,
            ...(global.interactions === undefined ? {} : { interactions: global.interactions }),
            interactionsSettings: interactionsSettings(),
            colorBy: options.colorBy,
            steps,
          },
          io,
        );
      },
    );

  program
    .command('download')
    .description('download the full Spotify Tracks Dataset CSV (114,000 rows) and check it')
    .requiredOption('--to <path>', 'where to save the CSV')
    .option('--url <url>', 'another address to fetch from')
    .action(async (options: { to: string; url?: string }) => {
      const global = program.opts<GlobalOptions>();
      assertWritableFile(options.to, 'the download');
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
    if (error instanceof CliUsageError) {
      writeLine(io.stderr, `error: ${error.message}`);
      return 2;
    }
    if (RequestError.isInstance(error)) {
      // A request value the recommender refuses (range, min above max, …) is a usage error.
      writeLine(io.stderr, `error: ${error.message}`);
      return 2;
    }
    if (DataError.isInstance(error) || error instanceof CliDataError || isPackageError(error)) {
      writeLine(io.stderr, `spotrec: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
