import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DataError } from '@spotrec/data';
import { openCatalog } from './catalog';
import { describeCommand } from './commands/describe';
import { downloadCommand } from './commands/download';
import { writeLine, type CliIO } from './io';

interface GlobalOptions {
  data?: string;
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
    if (DataError.isInstance(error)) {
      writeLine(io.stderr, `spotrec: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
