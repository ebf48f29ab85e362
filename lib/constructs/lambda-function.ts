/**
 * Every Lambda default in one place (the Powertools example app's `functions/commons`):
 * runtime, architecture, bundling, log group, tracing, Powertools settings. `bind*`
 * methods set a resource's environment variable and its least-privilege grant in one
 * call, so a function never holds a name it may not use, nor a grant it cannot find.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { resolve } from 'node:path';
import type { FunctionAccess, FunctionDeclaration } from '../../functions/catalog.js';
import { METRICS_NAMESPACE } from '../../functions/platform/observability.js';
import { productVersion, repositoryRoot } from '../repository.js';
import { arnInFinding } from './nag-findings.js';

/** The table access a function may be given, as the catalog declares it. */
export type TableAccess = NonNullable<FunctionAccess['table']>;

/**
 * The Cognito admin calls behind `access.manageUsers`, and no others: invite (and resend),
 * look up and delete a never-signed-in invitee, disable, enable, and end every session.
 * Mirrors functions/identity/cognito-admin.ts; a new call there needs its action here.
 */
export const USER_POOL_ADMIN_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
] as const;

export interface OwnstackFunctionProps {
  /** The catalog entry (the application's or the control plane's): handler module, description, memory and timeout. */
  readonly declaration: Pick<FunctionDeclaration, 'entry' | 'description' | 'memoryMb' | 'timeoutSeconds'>;
  /** Powertools service name (logs, metrics, traces), e.g. `job-worker`. */
  readonly serviceName: string;
  /** Days to keep the function's logs; may be a parameter token. @default 30 */
  readonly logRetentionDays?: number;
  /** Product version, exposed as OWNSTACK_VERSION. @default the version in package.json */
  readonly version?: string;
}

// ESM output: esbuild's ESM bundles have no `require`, which some CommonJS dependencies
// (the X-Ray SDK under Powertools Tracer) still call. This banner restores it; the alias
// keeps it from clashing with a bundled module's own `createRequire` import.
const ESM_REQUIRE_BANNER = "import { createRequire as __ownstackCreateRequire } from 'node:module';const require = __ownstackCreateRequire(import.meta.url);";

/**
 * Packages a handler loads at run time with `createRequire` because they read files beside
 * themselves (Cedar's Node build reads its .wasm from its own folder), so esbuild cannot
 * inline them. Each is copied next to the bundle, only the files Node needs, and only into
 * bundles that mention it.
 */
const RUNTIME_LOADED_PACKAGES = [{ name: '@cedar-policy/cedar-wasm', files: ['package.json', 'nodejs'] }];

function copyRuntimeLoadedPackages(inputDir: string, outputDir: string): string[] {
  return RUNTIME_LOADED_PACKAGES.map(({ name, files }) => {
    const from = `${inputDir}/node_modules/${name}`;
    const to = `${outputDir}/node_modules/${name}`;
    return `if grep -q '${name}' '${outputDir}/index.mjs'; then mkdir -p '${to}' && cp -R ${files.map((f) => `'${from}/${f}'`).join(' ')} '${to}/'; fi`;
  });
}

export class OwnstackFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: OwnstackFunctionProps) {
    super(scope, id);
    const { declaration } = props;

    this.logGroup = new LogGroup(this, 'Logs', { retention: (props.logRetentionDays ?? 30) as RetentionDays });
    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to
    // every log group of the account; this one writes to the function's own group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.serviceName} function`,
    });
    this.logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: resolve(repositoryRoot, declaration.entry),
      projectRoot: repositoryRoot,
      depsLockFilePath: resolve(repositoryRoot, 'package-lock.json'),
      description: declaration.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: declaration.memoryMb,
      timeout: Duration.seconds(declaration.timeoutSeconds),
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        OWNSTACK_VERSION: props.version ?? productVersion,
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        // The Node.js 24 runtime ships AWS SDK v3 (and its @smithy packages): left out of
        // the bundle, which keeps it small. Powertools, middy, zod and jose are bundled.
        externalModules: ['@aws-sdk/*', '@smithy/*'],
        forceDockerBundling: false,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: copyRuntimeLoadedPackages,
        },
      },
    });

    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; active tracing needs them on *.',
      },
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          "Invoked synchronously only (API Gateway, event source mappings, Cognito, a custom resource provider); a function DLQ only catches async invocations. Failures are kept by the source queue's own DLQ and the stream's on-failure queue.",
      },
    );
  }

  /** Sets TABLE_NAME and grants item-level access to the table and its indexes. */
  bindTable(table: ITableV2, access: TableAccess): this {
    this.function.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'read') table.grantReadData(this.function);
    else table.grantReadWriteData(this.function);
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${arnInFinding(table)}/index/*]`,
      reason: "Queries the table's global secondary indexes: the grant covers this one table's indexes only.",
    });
    return this;
  }

  /** Sets JOB_QUEUE_URL and grants sending messages to the queue. */
  bindJobQueue(queue: IQueue): this {
    this.function.addEnvironment('JOB_QUEUE_URL', queue.queueUrl);
    queue.grantSendMessages(this.function);
    return this;
  }

  /** Sets USER_POOL_ID and grants the user admin calls (USER_POOL_ADMIN_ACTIONS) on that pool only. */
  bindUserPool(userPool: IUserPool): this {
    this.function.addEnvironment('USER_POOL_ID', userPool.userPoolId);
    userPool.grant(this.function, ...USER_POOL_ADMIN_ACTIONS);
    return this;
  }

  /** Sets EVENT_BUS_NAME and grants events:PutEvents on that bus only. */
  bindEventBus(bus: IEventBus): this {
    this.function.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    bus.grantPutEventsTo(this.function);
    return this;
  }
}
