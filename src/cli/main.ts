import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { resolveDbPath } from '../commands/resolve-db-path.js';
import { queryOption, recordsOption, type SummarizeFlags } from './summarize-flags.js';
import { periodKinds, type PeriodKind } from '../history/periods.js';
import { parseRateLimits } from '../zenodo/parse-rate-limits.js';
import { exitCodes, LocalIoError, UsageError, ZenodoStatsError } from '../errors.js';
import { describeFileError } from '../describe-fs-error.js';
import { StoreError } from '../store/store-error.js';
import { outputFormats, type OutputFormat } from '../output/output-formats.js';
import { formatForOut } from './format-for-out.js';
import { packageVersion } from '../version.js';
import type { CliIo } from '../terminal/cli-io.js';
import { Terminal } from '../terminal/terminal.js';
import { checkBaseUrl, siteRoot } from './check-base-url.js';
import { examples } from './examples.js';
import { isCalendarDate, refuseBoth, refuseEmptyNames, refusePageSizeAboveCap, refuseRawOutput, refuseReversedDates } from './usage-checks.js';

// Each command's module is loaded only when that command runs (issue 14): the report's chart stack, the stores,
// pg and zod cost hundreds of milliseconds to load, which `--help`, `--version` and the other commands should
// not pay. `typeof import(…)` is a type only; nothing is loaded until the function is called.
const summarize: typeof import('../commands/summarize.js').summarize = async (...a) => (await import('../commands/summarize.js')).summarize(...a);
const history: typeof import('../commands/history.js').history = async (...a) => (await import('../commands/history.js')).history(...a);
const top: typeof import('../commands/top.js').top = async (...a) => (await import('../commands/top.js')).top(...a);
const snapshots: typeof import('../commands/snapshots.js').snapshots = async (...a) => (await import('../commands/snapshots.js')).snapshots(...a);
const report: typeof import('../commands/report.js').report = async (...a) => (await import('../commands/report.js')).report(...a);
const exportSnapshots: typeof import('../commands/export.js').exportSnapshots = async (...a) => (await import('../commands/export.js')).exportSnapshots(...a);
const migrate: typeof import('../commands/migrate.js').migrate = async (...a) => (await import('../commands/migrate.js')).migrate(...a);
const importCsv: typeof import('../commands/import-csv.js').importCsv = async (...a) => (await import('../commands/import-csv.js')).importCsv(...a);

function isoDate(name: string) {
  return (value: string): string => {
    if (!isCalendarDate(value)) {
      throw new InvalidArgumentError(`${name} must be a date of the calendar, like 2026-08-11.`);
    }
    return value;
  };
}

/** Options every store-reading command shares. */
function addTableOptions(command: Command, defaultFormat: OutputFormat = 'table'): Command {
  return command
    .option('--db <path>', 'snapshot store (env ZENODO_STATS_DB; default: ./zenodo-stats.sqlite)')
    .addOption(new Option('-f, --format <format>', 'output format; without it, an --out file ending in .csv, .json, .ndjson or .md is written in that format').choices(outputFormats).default(defaultFormat))
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .option('-q, --quiet', 'nothing on stderr but warnings and errors');
}

interface TableFlags {
  db?: string;
  format: OutputFormat;
  out?: string;
  quiet?: boolean;
}

function positiveInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${name} must be a positive whole number.`);
    return Number(value);
  };
}

function positiveSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('--timeout must be a number of seconds above 0.');
  return seconds;
}

/** A command that reads one collection of the store: its name, what it does, and the `[collection]` argument. */
function collectionCommand(program: Command, name: string, description: string): Command {
  return program.command(name).description(description).argument('[collection]', 'community slug, or the name given to an import with --as', 'nfdi4bioimage');
}

/**
 * The command line, as a function: parses `rawArgs`, runs the command, and returns the exit code. Errors are
 * printed here and mapped to exit codes; only `cli.ts` sets the process's exit code.
 *
 * @example
 * const code = await main(['summarize', 'nfdi4bioimage', '--out', '-'], { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
 */
export async function main(rawArgs: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = exitCodes.ok;
  let debug = rawArgs.includes('--debug');
  let quiet = false;
  /** The options given on the command line, by name (`db`, `no-db`, `quiet`, …): commander keeps only values. */
  const given = new Set<string>();
  /** `--format` as given, else what the `--out` file's extension names, else the command's default (`formatForOut`). */
  const formatOf = (flags: { format: OutputFormat; out?: string | undefined }): OutputFormat => formatForOut(given.has('format') ? flags.format : undefined, flags.out, flags.format);

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
    .argument('[communities...]', 'community slugs (or ids); several give one CSV with a community column (default: nfdi4bioimage)')
    .option('--base-url <url>', 'site root (env ZENODO_BASE_URL)', undefined)
    .option('--token <token>', 'access token; prefer the ZENODO_TOKEN environment variable, which does not show in the process list')
    .option('--user-agent <text>', 'User-Agent header to send', undefined)
    .option('-o, --out <file>', 'output file, - for stdout (default: zenodo_<community>_downloads.<csv|json|ndjson|txt|md>)')
    .addOption(new Option('-f, --format <format>', 'output format; without it, an --out file ending in .json, .ndjson or .md is written in that format').choices(outputFormats).default('csv'))
    .option('--raw <file>', 'also save the raw API hits as JSON')
    .option('--excel', 'start the CSV with a byte-order mark so Excel reads it as UTF-8')
    .option('--all-versions', 'list every version of every record, not only the latest')
    .option('--page-size <n>', 'records per request (default and maximum: 25 without a token, 100 with one)', positiveInt('--page-size'))
    .option('--timeout <seconds>', 'per-request timeout in seconds', positiveSeconds, 30)
    .option('--max-attempts <n>', 'attempts per request before giving up', positiveInt('--max-attempts'), 5)
    .option('--rate-limit <limits>', 'pace to these limits instead of zenodo.org\'s published ones, e.g. search=30/min,other=60/min')
    .option('-q, --quiet', 'no progress or summary on stderr (warnings and errors still show)')
    .option('-v, --verbose', 'one line per HTTP request on stderr (the token is never shown)')
    .option('--db <path>', 'snapshot store to save this run in (env ZENODO_STATS_DB; default: ./zenodo-stats.sqlite)')
    .option('--no-db', 'do not save a snapshot')
    .option('--resume', 'continue an interrupted listing from its checkpoint (long listings keep one next to the store)')
    .option('--since-last', 'also print what changed since the previous snapshot in the store')
    .addOption(new Option('--api-format <format>', "JSON to ask for: rdm (the community's own records endpoint in InvenioRDM JSON, as zenodo.org's community page asks; works on any InvenioRDM site and gives file sizes and bytes downloaded, for est_full_downloads), legacy (Zenodo's legacy JSON from /api/records?communities=, zenodo.org only), auto (whichever the site answers)").choices(['legacy', 'rdm', 'auto']).default('rdm'))
    .option('--records <file>', 'instead of a community: the records a file lists (one URL, DOI or id a line, or a CSV with a url or id column)')
    .option('--query <search>', 'instead of a community: the records a search finds (Zenodo\'s search syntax, e.g. keywords:"napari"), sliced by date past 10 000 like a community')
    .option('--as <name>', 'with --records or --query: the name the snapshots are kept under (default: the file\'s name without extension, or the search\'s words joined by -)')
    .addHelpText('after', examples)
    .action(async (names: string[], flags: SummarizeFlags) => {
      quiet = Boolean(flags.quiet);
      refuseBoth(given, 'db', 'no-db', 'either save the snapshot in a store, or not');
      refuseBoth(given, 'quiet', 'verbose', '-q asks for nothing on stderr but warnings, -v for a line per request');
      const format = formatOf(flags);
      if (flags.excel && format !== 'csv') throw new UsageError(`--excel is for CSV (a byte-order mark for Excel); the format is ${format}`);
      refuseEmptyNames(names, 'community');
      refusePageSizeAboveCap(flags.pageSize, Boolean((flags.token ?? io.env.ZENODO_TOKEN)?.trim()));
      refuseRawOutput(flags.raw, flags.out, io.cwd);
      const records = recordsOption(names, flags);
      const query = queryOption(names, flags);
      const communities = records ? [records.name] : query ? [query.name] : names.length > 0 ? names : ['nfdi4bioimage'];
      exitCode = await summarize(
        {
          communities,
          baseUrl: siteRoot(flags.baseUrl, io.env),
          token: flags.token ?? io.env.ZENODO_TOKEN,
          userAgent: flags.userAgent,
          out: flags.out,
          format,
          raw: flags.raw,
          excel: Boolean(flags.excel),
          allVersions: Boolean(flags.allVersions),
          pageSize: flags.pageSize,
          timeoutMs: Math.round(flags.timeout * 1000),
          maxAttempts: flags.maxAttempts,
          limits: flags.rateLimit === undefined ? undefined : parseRateLimits(flags.rateLimit),
          quiet: Boolean(flags.quiet),
          verbose: Boolean(flags.verbose),
          dbPath: flags.db === false ? undefined : resolveDbPath(flags.db, io.env, io.cwd),
          resume: Boolean(flags.resume),
          sinceLast: Boolean(flags.sinceLast),
          apiFormat: flags.apiFormat,
          records,
          query,
        },
        io,
      );
    });

  addTableOptions(
    collectionCommand(program, 'history', 'Downloads, views and new records per period, with cumulative totals, from the stored snapshots.')
      .addOption(new Option('-p, --period <period>', 'period length').choices(periodKinds).default('month'))
      .option('--from <date>', 'show the periods from the one holding this day (YYYY-MM-DD); each period is shown whole', isoDate('--from'))
      .option('--to <date>', 'show the periods up to the one holding this day (YYYY-MM-DD)', isoDate('--to')),
  ).action(async (collection: string, flags: TableFlags & { period: PeriodKind; from?: string; to?: string }) => {
    quiet = Boolean(flags.quiet);
    refuseEmptyNames([collection], 'collection');
    refuseReversedDates(flags.from, flags.to);
    exitCode = await history(
      { collection, dbPath: resolveDbPath(flags.db, io.env, io.cwd), period: flags.period, from: flags.from, to: flags.to, format: formatOf(flags), out: flags.out, quiet },
      io,
    );
  });

  addTableOptions(
    collectionCommand(program, 'top', 'The records that gained the most downloads (or views) in a period.')
      .option('-p, --period <period>', 'last-week, last-month, all, or a period as history labels it: YYYY, YYYY-Qn, YYYY-MM, YYYY-Www', 'last-week')
      .option('-n, --limit <n>', 'how many records', positiveInt('--limit'), 10)
      .addOption(new Option('--by <counter>', 'rank by').choices(['downloads', 'views']).default('downloads')),
  ).action(async (collection: string, flags: TableFlags & { period: string; limit: number; by: 'downloads' | 'views' }) => {
    quiet = Boolean(flags.quiet);
    refuseEmptyNames([collection], 'collection');
    exitCode = await top(
      { collection, dbPath: resolveDbPath(flags.db, io.env, io.cwd), period: flags.period, limit: flags.limit, by: flags.by, format: formatOf(flags), out: flags.out, quiet },
      io,
    );
  });

  addTableOptions(
    program
      .command('snapshots')
      .description('List the snapshots in the store, or delete one.')
      .argument('[collection]', 'only this community or import name')
      .option('--delete <id>', 'delete the snapshot with this id', positiveInt('--delete')),
  ).action(async (collection: string | undefined, flags: TableFlags & { delete?: number }) => {
    quiet = Boolean(flags.quiet);
    exitCode = await snapshots(
      { dbPath: resolveDbPath(flags.db, io.env, io.cwd), collection, delete: flags.delete, format: formatOf(flags), out: flags.out, quiet },
      io,
    );
  });

  program
    .command('report')
    .description('A report to show people: report/index.html (self-contained, prints on A4), README.md for GitHub, SVG charts and CSV tables.')
    .argument('[collections...]', 'community slugs, or names given to imports with --as; several get a comparison section (default: nfdi4bioimage)')
    .option('-o, --out <dir>', 'folder to write the report to (created if missing)', 'report')
    .addOption(new Option('-p, --period <period>', 'period of the time charts and the "last period" figures').choices(periodKinds).default('month'))
    .option('--top <n>', 'records in the top lists', positiveInt('--top'), 10)
    .option('--from <date>', 'first day of the time charts (YYYY-MM-DD)', isoDate('--from'))
    .option('--to <date>', 'last day of the time charts (YYYY-MM-DD)', isoDate('--to'))
    .option('--title <text>', 'report title (default: "Usage statistics: <collection>")')
    .addOption(new Option('--lang <lang>', 'language of headings and number format').choices(['en', 'de']).default('en'))
    .option('--fetch', 'fetch the community from the API first (as summarize does, saving a snapshot); needed when the store has no history yet')
    .option('--base-url <url>', 'with --fetch: site root (env ZENODO_BASE_URL)')
    .option('--token <token>', 'with --fetch: access token; prefer ZENODO_TOKEN')
    .option('--db <path>', 'snapshot store (env ZENODO_STATS_DB; default: ./zenodo-stats.sqlite)')
    .option('-q, --quiet', 'nothing on stderr but warnings and errors')
    .action(
      async (
        names: string[],
        flags: { out: string; period: PeriodKind; top: number; from?: string; to?: string; title?: string; lang: 'en' | 'de'; fetch?: boolean; baseUrl?: string; token?: string; db?: string; quiet?: boolean },
      ) => {
        quiet = Boolean(flags.quiet);
        // As `import --token` without `--base-url`: a site given without --fetch would be silently unused.
        if (!flags.fetch) for (const name of ['base-url', 'token']) if (given.has(name)) throw new UsageError(`--${name} is for --fetch: without it, report makes no request and reads only the store`);
        refuseEmptyNames(names, 'collection');
        refuseReversedDates(flags.from, flags.to);
        exitCode = await report(
          {
            collections: names.length > 0 ? names : ['nfdi4bioimage'],
            dbPath: resolveDbPath(flags.db, io.env, io.cwd),
            outDir: flags.out,
            period: flags.period,
            top: flags.top,
            from: flags.from,
            to: flags.to,
            title: flags.title,
            lang: flags.lang,
            quiet,
            fetch: flags.fetch
              ? {
                  baseUrl: siteRoot(flags.baseUrl, io.env),
                  token: flags.token ?? io.env.ZENODO_TOKEN,
                  userAgent: undefined,
                  raw: undefined,
                  excel: false,
                  allVersions: false,
                  pageSize: undefined,
                  timeoutMs: 30_000,
                  maxAttempts: 5,
                  verbose: false,
                }
              : undefined,
          },
          io,
        );
      },
    );

  collectionCommand(program, 'export', 'Write one dated CSV per stored snapshot (YYYY-MM-DD.csv, sorted by record id, git-friendly).')
    .requiredOption('--dir <dir>', 'folder to write to (required; created if missing)')
    .addOption(new Option('-f, --format <format>', 'csv: one dated CSV per snapshot; parquet: one <collection>.parquet with every snapshot, for DuckDB or pandas').choices(['csv', 'parquet']).default('csv'))
    .option('--db <path>', 'snapshot store (env ZENODO_STATS_DB; default: ./zenodo-stats.sqlite)')
    .option('-q, --quiet', 'nothing on stderr but warnings and errors')
    .action(async (collection: string, flags: { dir: string; format: 'csv' | 'parquet'; db?: string; quiet?: boolean }) => {
      quiet = Boolean(flags.quiet);
      exitCode = await exportSnapshots({ collection, dbPath: resolveDbPath(flags.db, io.env, io.cwd), dir: flags.dir, format: flags.format, quiet }, io);
    });

  program
    .command('migrate')
    .description('Copy every snapshot from one store to another, e.g. a SQLite file to a shared PostgreSQL database.')
    .requiredOption('--from <store>', 'source: a SQLite file (sqlite:./zenodo-stats.sqlite) or a postgres:// URL')
    .requiredOption('--to <store>', 'target: a SQLite file or a postgres:// URL')
    .option('-q, --quiet', 'nothing on stderr but warnings and errors')
    .action(async (flags: { from: string; to: string; quiet?: boolean }) => {
      quiet = Boolean(flags.quiet);
      exitCode = await migrate({ from: flags.from, to: flags.to, quiet }, io);
    });

  program
    .command('import')
    .description('Import dated CSV snapshots (NFDI4BIOIMAGE weekly files, or this tool\'s own CSVs) into the store.')
    .argument('<paths...>', 'CSV files, or folders of them (file names carry the date: YYYYMMDD.csv or YYYY-MM-DD)')
    .option('--as <name>', 'name to keep these snapshots under (default: the first folder\'s name); not a community unless they are one')
    .option('--db <path>', 'snapshot store (env ZENODO_STATS_DB; default: ./zenodo-stats.sqlite)')
    .option('--base-url <url>', 'after the import, look up the titles, types, DOIs, dates, keywords and creators of the imported records on this site (e.g. https://zenodo.org), in batched searches; without it, import makes no request')
    .option('--token <token>', 'with --base-url: access token (100 records a request instead of 25); prefer ZENODO_TOKEN')
    .option('--user-agent <text>', 'with --base-url: User-Agent header to send')
    .option('-q, --quiet', 'nothing on stderr but warnings and errors')
    .action(async (paths: string[], flags: { as?: string; db?: string; baseUrl?: string; token?: string; userAgent?: string; quiet?: boolean }) => {
      quiet = Boolean(flags.quiet);
      if (flags.baseUrl === undefined) {
        for (const name of ['token', 'user-agent']) if (given.has(name)) throw new UsageError(`--${name} is for --base-url: without it, import makes no request`);
      }
      const lookUp = flags.baseUrl === undefined ? undefined : { baseUrl: checkBaseUrl(flags.baseUrl, '--base-url'), token: flags.token ?? io.env.ZENODO_TOKEN, userAgent: flags.userAgent };
      exitCode = await importCsv({ paths, as: flags.as, dbPath: resolveDbPath(flags.db, io.env, io.cwd), quiet, lookUp }, io);
    });

  // Subcommands inherit output settings and the exit override.
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
    for (const option of command.options) command.on(`option:${option.name()}`, () => given.add(option.name()));
  }

  const term = () => new Terminal(io.stderr, io.env, { quiet });
  try {
    if (rawArgs.length === 0) {
      // A usage error (exit 2), so the help goes to stderr: stdout is for data, as `--help` asked for is not.
      program.outputHelp({ error: true });
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
      // Our own usage errors end as commander's do, pointing at --help.
      if (error instanceof UsageError) term().error(`${error.message}\n(run with --help for usage)`);
      else if (error.exitCode === exitCodes.interrupted) {
        // A message of the form 'interrupted: …' already tells what was and was not saved (import's does).
        term().error(error.message === 'cancelled' ? 'interrupted; nothing was written' : error.message.startsWith('interrupted:') ? error.message : `${error.message}\nno output file or snapshot was written`);
      }
      else if (error instanceof LocalIoError) term().error(error.message);
      // A store error after some snapshots were saved says which (issue 12): "nothing was written" would be untrue.
      else if (error instanceof StoreError && error.written !== undefined) term().error(`${error.message}\n${error.written}`);
      else term().error(`${error.message}\nnothing was written`);
      if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    const fileError = describeFileError(error);
    if (fileError !== undefined) {
      // A file the user named could not be read or written (ENOENT, EACCES, EEXIST, ENOSPC, …): exit 6 with the
      // path and the reason, not "internal error" (issue 12).
      term().error(fileError);
      if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
      return exitCodes.localIo;
    }
    term().error(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    debug = true;
    if (error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    io.stderr.write('This is a bug in zenodo-stats; please report it with the command you ran.\n');
    return exitCodes.internal;
  }
}
