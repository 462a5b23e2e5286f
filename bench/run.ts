/**
 * `npm run bench [-- <benchmark>] [--time-scale N] [--sizes a,b,c]`: runs one benchmark, its table on stdout,
 * progress on stderr. Exit codes: 0 passed, 1 a benchmark failed, 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import { runDashboardBench } from './dashboard-bench.js';
import { runHistoryBench } from './history-bench.js';
import { runReportBench } from './report-bench.js';
import { runScaleBench } from './scale-bench.js';
import { runStartupBench } from './startup-bench.js';
import { BenchFailedError, defaultSizes, defaultTimeScale, runSummarizeBench } from './summarize-bench.js';

interface BenchOptions {
  timeScale: number;
  sizes: number[];
  /** `--sizes` as given, if it was. */
  givenSizes?: number[] | undefined;
}

const benchmarks: Record<string, { description: string; run: (options: BenchOptions) => Promise<unknown> }> = {
  summarize: {
    description:
      'list one community (150, 2 000, 9 000 records; anonymous and with a token) from a fake Zenodo with the published rate limits on a compressed clock: requests, 429s, wall time against the rate-limit floor, local rows/s',
    run: (options) => runSummarizeBench(options),
  },
  history: {
    description:
      'import two years of weekly CSVs × 10 000 records into SQLite (rows/s), then time the history and top queries on that store (target: under 1 s)',
    run: () => runHistoryBench(),
  },
  report: {
    description: 'time zenodo-stats report (whole CLI process) over two years of weekly snapshots × 10 000 records with metadata (target: under 10 s); needs npm run build',
    run: () => runReportBench(),
  },
  dashboard: {
    description: "the report as a dashboard, for NFDI4BIOIMAGE's size (470 records × 105 weekly snapshots) and 10 000 × 104: index.html's size and the time to an interactive page in headless Chromium (targets 3 MB / 2 s and 12 MB / 5 s); needs npm run build and chromium",
    run: async () => {
      if (!(await runDashboardBench())) process.exitCode = 1;
    },
  },
  startup: {
    description: 'whole-process wall time of --version, --help and a 150-record summarize on a local server without limits, as ratios to node -e 0 in the same run (median of interleaved runs); needs npm run build',
    run: () => runStartupBench(),
  },
  scale: {
    description: 'the real summarize (listing, snapshot, CSV) on 9 000, 50 000 and 200 000 records (sliced past 10 000), anonymous and with a token, each in a process of its own: requests vs minimum, wall time vs the rate-limit floor, RSS at start and peak, local rows/s',
    run: (options) => runScaleBench({ timeScale: options.timeScale, sizes: options.givenSizes }),
  },
};

const defaultBenchmark = 'summarize';

/** Zenodo's search cannot page past 10 000 results (zenodo-api.md §5) without slicing, which only `scale` does. */
const maxRecords = 10_000;
const maxScaleRecords = 1_000_000;

class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

function renderUsage(): string {
  const names = Object.entries(benchmarks).map(([name, b]) => `  ${name.padEnd(10)} ${b.description}`);
  return [
    'Usage: npm run bench -- [benchmark] [--time-scale N] [--sizes a,b,c]',
    '',
    'Benchmarks:',
    ...names,
    '',
    'Options:',
    `  --time-scale N  run rate-limit windows N times faster than real time (default ${defaultTimeScale}: 1 min = ${60_000 / defaultTimeScale} ms)`,
    `  --sizes a,b,c   community sizes in records, each 1–${maxRecords}, or up to ${maxScaleRecords} for scale (default ${defaultSizes.join(',')}; scale: 9000,50000,200000)`,
    '  -h, --help      show this help',
  ].join('\n');
}

function parseBenchArgs(rawArgs: string[]): { name: string; options: BenchOptions } | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: rawArgs,
      allowPositionals: true,
      options: {
        'time-scale': { type: 'string' },
        sizes: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new BenchUsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length > 1) throw new BenchUsageError(`one benchmark at a time, got: ${positionals.join(' ')}`);
  const name = positionals[0] ?? defaultBenchmark;
  if (!Object.hasOwn(benchmarks, name)) throw new BenchUsageError(`unknown benchmark '${name}'`);

  const timeScaleText = values['time-scale'];
  const timeScale = timeScaleText === undefined ? defaultTimeScale : Number(timeScaleText);
  if (!(Number.isFinite(timeScale) && timeScale > 0)) {
    throw new BenchUsageError(`--time-scale: expected a positive number, got '${timeScaleText}'`);
  }
  const givenSizes = values.sizes?.split(',').map((s) => Number(s.trim()));
  const sizes = givenSizes ?? defaultSizes;
  const max = name === 'scale' ? maxScaleRecords : maxRecords;
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > max)) {
    throw new BenchUsageError(`--sizes: expected whole numbers from 1 to ${max}, got '${values.sizes}'`);
  }
  return { name, options: { timeScale, sizes, givenSizes } };
}

async function main(rawArgs: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseBenchArgs(rawArgs);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`${renderUsage()}\n\nerror: ${error.message}\n`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(`${renderUsage()}\n`);
    return 0;
  }
  const benchmark = benchmarks[parsed.name];
  if (benchmark === undefined) return 2;
  try {
    await benchmark.run(parsed.options);
    return 0;
  } catch (error) {
    if (error instanceof BenchFailedError) process.stderr.write(`\n${error.message}\n`);
    else process.stderr.write(`\n${parsed.name} benchmark crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
