/**
 * One Lambda per entry of `vendorFunctionCatalog`, on the same defaults as the
 * application's functions (OwnstackFunction), each told and granted exactly what its
 * `access` declares: the table, the SSM parameters it names (read, never listed), sending
 * to the billing queue. Secrets stay in SSM: no function receives one in its environment.
 */
import { Arn, ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  VENDOR_SECRETS,
  type VendorFunctionDeclaration,
  type VendorFunctionId,
  type VendorSecret,
  vendorFunctionCatalog,
} from '../../functions/vendor/catalog.js';
import { OwnstackFunction } from '../constructs/lambda-function.js';
import { arnInFinding } from '../constructs/nag-findings.js';

/** The control plane's metrics, apart from the installations' `Ownstack` namespace. */
export const VENDOR_METRICS_NAMESPACE = 'OwnstackControlPlane';

export interface VendorFunctionsProps {
  readonly table: ITableV2;
  readonly billingQueue: IQueue;
  /** SSM path prefix of the secrets, e.g. `/OwnstackVendor`: a literal, so each grant names its parameters exactly. */
  readonly secretsPrefix: string;
  /** The control plane's public URL (VENDOR_PUBLIC_URL), for the functions that hand out links. */
  readonly publicUrl: string;
  /** Days to keep function logs. @default 30 */
  readonly logRetentionDays?: number;
}

export class VendorFunctions extends Construct {
  readonly byName: Readonly<Record<VendorFunctionId, OwnstackFunction>>;

  constructor(scope: Construct, id: string, props: VendorFunctionsProps) {
    super(scope, id);
    const built = {} as Record<VendorFunctionId, OwnstackFunction>;
    for (const [name, declaration] of Object.entries(vendorFunctionCatalog) as [VendorFunctionId, VendorFunctionDeclaration][]) {
      const fn = new OwnstackFunction(this, name.charAt(0).toUpperCase() + name.slice(1), {
        declaration,
        serviceName: name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`),
        logRetentionDays: props.logRetentionDays,
      });
      fn.function.addEnvironment('POWERTOOLS_METRICS_NAMESPACE', VENDOR_METRICS_NAMESPACE);
      const { access, trigger } = declaration;
      if (access.table) this.bindTable(fn, props.table, access.table);
      if (access.secrets && access.secrets.length > 0) {
        fn.function.addEnvironment('SECRETS_PREFIX', props.secretsPrefix);
        grantParameters(fn.function, props.secretsPrefix, access.secrets, ['ssm:GetParameter']);
      }
      if (access.sendBilling) {
        fn.function.addEnvironment('BILLING_QUEUE_URL', props.billingQueue.queueUrl);
        // SendMessage only: no GetQueueUrl or GetQueueAttributes (the URL is in the environment).
        fn.function.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [props.billingQueue.queueArn] }));
      }
      if (trigger.kind === 'http-api') fn.function.addEnvironment('VENDOR_PUBLIC_URL', props.publicUrl);
      built[name] = fn;
    }
    this.byName = built;
  }

  private bindTable(fn: OwnstackFunction, table: ITableV2, access: 'read' | 'read-write'): void {
    fn.function.addEnvironment('VENDOR_TABLE_NAME', table.tableName);
    if (access === 'read') table.grantReadData(fn.function);
    else table.grantReadWriteData(fn.function);
    Validations.of(fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${arnInFinding(table)}/index/*]`,
      reason: "Queries the control plane table's global secondary index (gsi1: fleet, Stripe customers): the grant covers this table's indexes only.",
    });
  }
}

/** The ARN of one secret's SSM parameter: `arn:…:parameter/<prefix>/<name>` (the prefix starts with a slash). */
export function secretParameterArn(scope: Construct, secretsPrefix: string, secret: VendorSecret): string {
  return Arn.format(
    {
      service: 'ssm',
      resource: 'parameter',
      resourceName: `${secretsPrefix.replace(/^\//, '')}/${VENDOR_SECRETS[secret]}`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    },
    Stack.of(scope),
  );
}

/**
 * Grants actions on exactly these parameters. SecureStrings under the AWS-managed key
 * (`aws/ssm`) need no KMS grant: that key's policy lets the account's principals use it
 * through SSM, and nothing else can decrypt them.
 */
export function grantParameters(fn: LambdaFunction, secretsPrefix: string, secrets: readonly VendorSecret[], actions: string[]): void {
  fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources: secrets.map((secret) => secretParameterArn(fn, secretsPrefix, secret)) }));
}

/** A literal SSM path prefix: one or more segments of letters, digits, `_.-`, starting with a slash, no trailing slash. */
export function assertSecretsPrefix(prefix: string): void {
  if (!/^(\/[A-Za-z0-9_.-]+)+$/.test(prefix)) {
    throw new Error(`Secrets prefix "${prefix}" must look like /OwnstackVendor or /ownstack/vendor (slash-separated, no trailing slash).`);
  }
}
