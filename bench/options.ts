/**
 * The bench's command line. The default is the full run that docs/performance.md records;
 * `--quick` is a fast check that the bench still works (fewer samples, smaller tables).
 */

export interface BenchOptions {
  quick: boolean;
  /** Fresh node processes per cold-start variant. @default 10 (3 with --quick) */
  coldRuns: number;
  /** Untimed requests per route and mode before sampling. @default 50 (20 with --quick) */
  warmup: number;
  /** Timed requests per route and mode. @default 1000 (200 with --quick) */
  samples: number;
  /** Users in the table (members route, principals); seeded once. @default 1000 */
  users: number;
  /** Documents in the small table. @default 1000 */
  smallDocuments: number;
  /** Documents in the large table; undefined skips it. @default 100 000 (5 000 with --quick) */
  largeDocuments: number | undefined;
  /** Outbox events the stream publisher's rate is measured with. @default 2000 (500 with --quick) */
  events: number;
  /** DynamoDB Local keeps its data on disk (as `npm start` does) instead of in memory. @default false */
  disk: boolean;
}

const USAGE = 'Usage: npm run bench -- [--quick] [--large N] [--samples N] [--cold-runs N] [--events N] [--disk]';

export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const options: BenchOptions = {
    quick,
    coldRuns: quick ? 3 : 10,
    warmup: quick ? 20 : 50,
    samples: quick ? 200 : 1000,
    users: 1000,
    smallDocuments: 1000,
    largeDocuments: quick ? 5_000 : 100_000,
    events: quick ? 500 : 2_000,
    disk: argv.includes('--disk'),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--quick' || flag === '--disk') continue;
    const value = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive whole number (got "${argv[i] ?? ''}"). ${USAGE}`);
      return n;
    };
    if (flag === '--large') options.largeDocuments = value();
    else if (flag === '--samples') options.samples = value();
    else if (flag === '--cold-runs') options.coldRuns = value();
    else if (flag === '--events') options.events = value();
    else throw new Error(`Unknown option "${flag}". ${USAGE}`);
  }
  if (options.largeDocuments !== undefined && options.largeDocuments <= options.smallDocuments) {
    throw new Error(`--large must exceed the small table's ${options.smallDocuments} documents (got ${options.largeDocuments}).`);
  }
  return options;
}
