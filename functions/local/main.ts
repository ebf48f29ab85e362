/**
 * `npm start`: runs the local runtime until Ctrl-C. Prints one line to open, then only
 * what needs attention. Stops everything it started on SIGINT/SIGTERM and on a crash,
 * so no DynamoDB Local java process outlives it.
 */
import { parseArgs } from 'node:util';
import { LOCAL_PASSWORD, SEEDED_USERS } from './oidc/seed-users.js';
import { type LocalRuntime, startLocalRuntime } from './runtime.js';

const USAGE = `Usage: npm start -- [--fresh] [--port <n>] [--data-dir <dir>]

  --fresh           delete the data directory first (database, keys, users, checkpoints)
  --port <n>        port of the one HTTP origin (default 3000; 0 picks a free one)
  --data-dir <dir>  where data lives between runs (default .ownstack)
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a number from 0 to 65535 (got "${values.port}").`);

  let runtime: LocalRuntime | undefined;
  let exiting = false;
  const shutdown = async (code: number) => {
    if (exiting) process.exit(code); // A second Ctrl-C: leave now; the exit hook still kills java.
    exiting = true;
    await runtime?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('uncaughtException', (error) => {
    process.stderr.write(`local runtime crashed: ${error.stack ?? error.message}\n`);
    void shutdown(1);
  });
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`local runtime crashed: ${String((reason as Error)?.stack ?? reason)}\n`);
    void shutdown(1);
  });

  runtime = await startLocalRuntime({ port, fresh: values.fresh, dataDir: values['data-dir'] });
  const users = SEEDED_USERS.map((u) => u.email).join(' or ');
  process.stdout.write(`\nOwnstack is running at ${runtime.url}  (sign in as ${users}, password "${LOCAL_PASSWORD}"; Ctrl-C stops)\n\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
