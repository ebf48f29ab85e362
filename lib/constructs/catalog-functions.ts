/**
 * One Lambda function per entry of `functionCatalog`, built from the same defaults, each
 * granted exactly what its `access` declares and nothing else. Adding a function is a
 * catalog entry, not a block copied through the stack.
 */
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { DataBucket } from './data-bucket.js';
import { Construct } from 'constructs';
import { type AppendOnlyKind, appendOnlyItems, type FunctionDeclaration, type FunctionTrigger } from '../../functions/catalog.js';
import { OwnstackFunction } from './lambda-function.js';

export interface CatalogFunctionsProps<N extends string> {
  readonly catalog: Readonly<Record<N, FunctionDeclaration>>;
  /** The single table, for functions with `access.table`. */
  readonly table: ITableV2;
  /** The job queue, for functions with `access.sendJobs`. */
  readonly jobQueue: IQueue;
  /** The domain event bus, for functions with `access.putEvents`. */
  readonly bus: IEventBus;
  /** The bucket of attachments and exports, for functions with `access.blobs`. */
  readonly dataBucket: DataBucket;
  /** Days to keep function logs; may be a parameter token. @default 30 */
  readonly logRetentionDays?: number;
}

export interface CatalogFunction<K extends FunctionTrigger['kind']> {
  readonly name: string;
  readonly trigger: Extract<FunctionTrigger, { kind: K }>;
  readonly fn: OwnstackFunction;
}

export class CatalogFunctions<N extends string> extends Construct {
  readonly byName: Readonly<Record<N, OwnstackFunction>>;
  private readonly catalog: Readonly<Record<N, FunctionDeclaration>>;
  private userPoolBound = false;

  constructor(scope: Construct, id: string, props: CatalogFunctionsProps<N>) {
    super(scope, id);
    this.catalog = props.catalog;
    const built = {} as Record<N, OwnstackFunction>;
    for (const [name, declaration] of entriesOf(props.catalog)) {
      const fn = new OwnstackFunction(this, pascalCase(name), {
        declaration,
        serviceName: kebabCase(name),
        logRetentionDays: props.logRetentionDays,
      });
      const { access } = declaration;
      if (access.table) {
        fn.bindTable(props.table, access.table);
        denyChangesToAppendOnlyItems(fn, props.table, access.appendTo ?? []);
      }
      if (access.sendJobs) fn.bindJobQueue(props.jobQueue);
      if (access.putEvents) fn.bindEventBus(props.bus);
      if (access.blobs) props.dataBucket.grantFunction(fn, access.blobs);
      built[name] = fn;
    }
    this.byName = built;
    this.node.addValidation({
      validate: () =>
        this.userPoolBound || this.managingUsers().length === 0
          ? []
          : [`${this.managingUsers().join(', ')} declare access.manageUsers, but no user pool was bound: call bindUserPool(pool) on ${this.node.path}.`],
    });
  }

  /**
   * Gives every function whose access declares `manageUsers` the pool's id and its admin
   * grants. A method, not a prop: the pool is created after the functions, since its
   * pre token generation trigger is one of them. Synth fails if it is never called.
   */
  bindUserPool(userPool: IUserPool): void {
    for (const name of this.managingUsers()) {
      if (this.catalog[name].trigger.kind === 'cognito-pre-token-generation') {
        throw new Error(
          `Function "${name}" is the user pool's trigger and declares access.manageUsers: the pool would need its ARN and its policy the pool's ARN (a dependency cycle). Move the admin calls to another function.`,
        );
      }
      this.byName[name].bindUserPool(userPool);
    }
    this.userPoolBound = true;
  }

  private managingUsers(): N[] {
    return entriesOf(this.catalog)
      .filter(([, declaration]) => declaration.access.manageUsers === true)
      .map(([name]) => name);
  }

  /** The functions the catalog triggers this way, with their trigger settings. */
  withTrigger<K extends FunctionTrigger['kind']>(kind: K): CatalogFunction<K>[] {
    return entriesOf(this.catalog)
      .filter(([, declaration]) => declaration.trigger.kind === kind)
      .map(([name, declaration]) => ({ name, trigger: declaration.trigger as Extract<FunctionTrigger, { kind: K }>, fn: this.byName[name] }));
  }

  /** The one function triggered this way (the API, the Cognito trigger); fails if the catalog has none or several. */
  onlyWithTrigger<K extends FunctionTrigger['kind']>(kind: K): OwnstackFunction {
    const found = this.withTrigger(kind);
    const only = found[0];
    if (found.length !== 1 || !only) {
      throw new Error(
        `The function catalog must have exactly one function triggered by "${kind}"; found ${found.length} (${found.map((f) => f.name).join(', ')}).`,
      );
    }
    return only.fn;
  }
}

/**
 * Explicit denies that no grant can outweigh: append-only items (by partition-key prefix)
 * are never updated or deleted, and put only by the functions that append them. IAM
 * authorizes each TransactWriteItems element as its own PutItem/UpdateItem/DeleteItem,
 * so transactions are covered. IAM cannot require a put's `attribute_not_exists`
 * condition: an appender's code must keep it (docs/audit.md says so).
 */
function denyChangesToAppendOnlyItems(fn: OwnstackFunction, table: ITableV2, appendTo: readonly AppendOnlyKind[]): void {
  for (const [kind, item] of Object.entries(appendOnlyItems) as [AppendOnlyKind, (typeof appendOnlyItems)[AppendOnlyKind]][]) {
    fn.function.addToRolePolicy(
      new PolicyStatement({
        sid: `AppendOnly${pascalCase(kind)}`,
        effect: Effect.DENY,
        actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', ...(appendTo.includes(kind) ? [] : ['dynamodb:PutItem'])],
        resources: [table.tableArn],
        conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${item.prefix}*`] } },
      }),
    );
  }
}

const entriesOf = <N extends string, V>(record: Readonly<Record<N, V>>) => Object.entries(record) as [N, V][];

/** `jobWorker` → `JobWorker`: the construct id (a public contract: renaming replaces the function). */
const pascalCase = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** `jobWorker` → `job-worker`: the Powertools service name, as the handlers name themselves. */
const kebabCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
