import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { summarize, defaultOutFile } from '../commands/summarize.js';
import { exitCodes, UsageError, ZenodoStatsError } from '../errors.js';
import { outputFormats, type OutputFormat } from '../output/render-rows.js';
import { packageVersion } from '../version.js';
import type { CliIo } from './cli-io.js';
import { Terminal } from './terminal.js';

const examples = `
Examples:
  $ zenodo-stats summarize nfdi4bioimage
      every record of the community → zenodo_nfdi4bioimage_downloads.csv, a summary on stderr
  $ ZENODO_TOKEN=… zenodo-stats summarize nfdi4bioimage --format table --out -
      with a token (pages of 100 instead of 25), as a table on stdout
  $ zenodo-stats summarize my-community --base-url https://data.example.org --raw hits.json
      another InvenioRDM site; keep the raw API answers too

Environment:
  ZENODO_TOKEN      personal access token (sent only as "Authorization: Bearer …")
  ZENODO_BASE_URL   site root, default https://zenodo.org
  NO_COLOR          no colour on stderr

Exit codes: 0 ok · 2 usage · 3 not found · 4 API/network failure · 5 invalid data · 130 interrupted`;

function positiveInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${name} must be a positive whole number.`);
    return Number(value);
  };
}

function positiveSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('must be a number of seconds above 0.');
  return seconds;
}

interface SummarizeFlags {
  baseUrl?: string;
  token?: string;
  userAgent?: string;
  out?: string;
  format: OutputFormat;
  raw?: string;
  excel?: boolean;
  allVersions?: boolean;
  pageSize?: number;
  timeout: number;
  maxAttempts: number;
  quiet?: boolean;
  verbose?: boolean;
}

/**
 * The command line, as a function: parses `rawArgs`, runs the command, and returns the exit code. Errors are
 * printed here and mapped to exit codes; only `cli.ts` calls `process.exit`.
 *
 * @example
 * const code = await main(['summarize', 'nfdi4bioimage', '--out', '-'], { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
 */
export async function main(rawArgs: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = exitCodes.ok;
  let debug = rawArgs.includes('--debug');
  let quiet = false;

  const program = new Command('zenodo-stats')
    .description('Correct, complete download and view figures for every record of a Zenodo or InvenioRDM community.')
    .version(packageVersion, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--debug', 'print stack traces on errors')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText('after', examples);

  program
    .command('summarize')
    .description('List every record of a community with its downloads and views, write them to a file (CSV by default) and print a summary on stderr.')
    .argument('[community]', 'community slug (or id)', 'nfdi4bioimage')
    .option('--base-url <url>', 'site root (env ZENODO_BASE_URL)', undefined)
    .option('--token <token>', 'access token; prefer the ZENODO_TOKEN environment variable, which does not show in the process list')
    .option('--user-agent <text>', 'User-Agent header to send', undefined)
    .option('-o, --out <file>', 'output file, - for stdout (default: zenodo_<community>_downloads.<csv|json|ndjson|txt|md>)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(outputFormats).default('csv'))
    .option('--raw <file>', 'also save the raw API hits as JSON')
    .option('--excel', 'start the CSV with a byte-order mark so Excel reads it as UTF-8')
    .option('--all-versions', 'list every version of every record, not only the latest')
    .option('--page-size <n>', 'records per request (default and maximum: 25 without a token, 100 with one)', positiveInt('--page-size'))
    .option('--timeout <seconds>', 'per-request timeout in seconds', positiveSeconds, 30)
    .option('--max-attempts <n>', 'attempts per request before giving up', positiveInt('--max-attempts'), 5)
    .option('-q, --quiet', 'no progress or summary on stderr (warnings and errors still show)')
    .option('-v, --verbose', 'one line per HTTP request on stderr (the token is never shown)')
    .addHelpText('after', examples)
    .action(async (community: string, flags: SummarizeFlags) => {
      quiet = Boolean(flags.quiet);
      exitCode = await summarize(
        {
          community,
          baseUrl: flags.baseUrl ?? io.env.ZENODO_BASE_URL ?? 'https://zenodo.org',
          token: flags.token ?? io.env.ZENODO_TOKEN,
          userAgent: flags.userAgent,
          out: flags.out ?? defaultOutFile(community, flags.format),
          format: flags.format,
          raw: flags.raw,
          excel: Boolean(flags.excel),
          allVersions: Boolean(flags.allVersions),
          pageSize: flags.pageSize,
          timeoutMs: Math.round(flags.timeout * 1000),
          maxAttempts: flags.maxAttempts,
          quiet: Boolean(flags.quiet),
          verbose: Boolean(flags.verbose),
        },
        io,
      );
    });

  // Subcommands inherit output settings and the exit override.
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  }

  const term = () => new Terminal(io.stderr, io.env, { quiet });
  try {
    if (rawArgs.length === 0) {
      program.outputHelp();
      return exitCodes.usage;
    }
    await program.parseAsync([...rawArgs], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; every parse error is a usage error (exit 2).
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    if (error instanceof ZenodoStatsError) {
      if (error instanceof UsageError) term().error(error.message);
      else if (error.exitCode === exitCodes.interrupted) term().error('interrupted; nothing was written');
      else term().error(`${error.message}\nnothing was written`);
      if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    term().error(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    debug = true;
    if (error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    io.stderr.write('This is a bug in zenodo-stats; please report it with the command you ran.\n');
    return exitCodes.internal;
  }
}
