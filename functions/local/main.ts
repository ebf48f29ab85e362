/**
 * `npm start`: runs the local runtime until Ctrl-C, and beside it the vendor's control
 * plane (license, billing through the Stripe fake, vendor console), which the
 * installation is connected to. Prints what to open, then only what needs attention.
 * Stops everything it started on SIGINT/SIGTERM and on a crash, so no DynamoDB Local
 * java process outlives it.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type LocalControlPlane, startLocalControlPlane } from '../vendor/local/control-plane.js';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js';
import { LOCAL_PASSWORD, SEEDED_USERS } from './oidc/seed-users.js';
import { type LocalRuntime, startLocalRuntime } from './runtime.js';

const USAGE = `Usage: npm start -- [--fresh] [--port <n>] [--data-dir <dir>] [--no-control-plane] [--control-plane-port <n>]

  --fresh                   delete the data directory first (database, keys, users, checkpoints)
  --port <n>                port of the one HTTP origin (default 3000; 0 picks a free one)
  --data-dir <dir>          where data lives between runs (default .ownstack)
  --no-control-plane        run the installation alone: not connected, community plan
  --control-plane-port <n>  port of the local control plane and vendor console (default 3001)
`;

const portOf = (value: string | undefined, fallback: number, flag: string) => {
  const port = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${flag} must be a number from 0 to 65535 (got "${value}").`);
  return port;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-control-plane': { type: 'boolean', default: false },
      'control-plane-port': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = portOf(values.port, 3000, '--port');
  const controlPlanePort = portOf(values['control-plane-port'], 3001, '--control-plane-port');
  const withControlPlane = !values['no-control-plane'];

  let runtime: LocalRuntime | undefined;
  let controlPlane: LocalControlPlane | undefined;
  let dynamo: DynamoDbLocal | undefined;
  let exiting = false;
  const shutdown = async (code: number) => {
    if (exiting) process.exit(code); // A second Ctrl-C: leave now; the exit hook still kills java.
    exiting = true;
    // The installation first: its sync job talks to the control plane, both to DynamoDB Local.
    await runtime?.stop();
    await controlPlane?.stop();
    await dynamo?.stop();
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

  if (!withControlPlane) {
    runtime = await startLocalRuntime({ port, fresh: values.fresh, dataDir: values['data-dir'] });
  } else {
    // The control plane shares the installation's DynamoDB Local and data directory, so both
    // start after the one --fresh and the one database are in place.
    const dataDir = resolve(values['data-dir'] ?? '.ownstack');
    if (values.fresh) rmSync(dataDir, { recursive: true, force: true });
    dynamo = await startDynamoDbLocal({ dbPath: join(dataDir, 'dynamodb'), pidFile: join(dataDir, 'dynamodb.pid') });
    controlPlane = await startLocalControlPlane({ port: controlPlanePort, dataDir, dynamoEndpoint: dynamo.endpoint, quiet: false });
    runtime = await startLocalRuntime({
      port,
      dataDir,
      dynamoEndpoint: dynamo.endpoint,
      controlPlane: { url: controlPlane.url, publicKey: JSON.stringify(controlPlane.publicKeyJwk) },
    });
  }
  const users = SEEDED_USERS.map((u) => u.email).join(' or ');
  process.stdout.write(`\nOwnstack is running at ${runtime.url}  (sign in as ${users}, password "${LOCAL_PASSWORD}"; Ctrl-C stops)\n`);
  if (controlPlane) {
    process.stdout.write(
      `Vendor console at ${controlPlane.url}  (Stripe fake at ${controlPlane.stripeUrl}); activation code for Billing → Activate: ${controlPlane.activationCode}\n`,
    );
  }
  process.stdout.write('\n');
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
