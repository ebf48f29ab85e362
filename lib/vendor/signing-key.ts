/**
 * The license signing key, created once by the `signingKey` function behind a CloudFormation
 * custom resource: CloudFormation cannot create SecureString parameters, so the function
 * generates the Ed25519 key pair, stores the private JWK as a SecureString (standard tier,
 * AWS-managed key: no monthly fee) and answers only with the public JWK. It may put and get
 * that one parameter and nothing else. The resource is retained: deleting the stack must
 * never delete the key every issued license is verified with.
 */
import { CustomResource, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { OwnstackFunction } from '../constructs/lambda-function.js';
import { arnInFinding } from '../constructs/nag-findings.js';
import { grantParameters } from './vendor-functions.js';

/** The custom resource's contract with functions/vendor/handlers/signing-key.ts. */
export const SIGNING_KEY_RESOURCE = {
  type: 'Custom::LicenseSigningKey',
  /** Property: the SSM path prefix; the key goes to `<SecretsPrefix>/license-signing-key`. */
  prefixProperty: 'SecretsPrefix',
  /** Response data: the public key, a JWK as JSON (`{"kty":"OKP","crv":"Ed25519","x":…}`). */
  publicKeyAttribute: 'PublicKeyJwk',
} as const;

export interface LicenseSigningKeyProps {
  /** The catalog's `signingKey` function. */
  readonly fn: OwnstackFunction;
  readonly secretsPrefix: string;
  /** Days to keep the provider framework's logs. @default 30 */
  readonly logRetentionDays?: number;
}

export class LicenseSigningKey extends Construct {
  /** The public key (JWK as JSON), for installations' VendorPublicKey parameter. */
  readonly publicKeyJwk: string;

  constructor(scope: Construct, id: string, props: LicenseSigningKeyProps) {
    super(scope, id);
    grantParameters(props.fn.function, props.secretsPrefix, ['signingKey'], ['ssm:GetParameter', 'ssm:PutParameter']);

    const provider = new Provider(this, 'Provider', {
      onEventHandler: props.fn.function,
      logGroup: new LogGroup(this, 'ProviderLogs', { retention: (props.logRetentionDays ?? 30) as RetentionDays }),
    });
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: SIGNING_KEY_RESOURCE.type,
      properties: { [SIGNING_KEY_RESOURCE.prefixProperty]: props.secretsPrefix },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.publicKeyJwk = resource.getAttString(SIGNING_KEY_RESOURCE.publicKeyAttribute);

    acknowledgeProviderFramework(provider, props.fn);
  }
}

/** The provider framework's function is built by aws-cdk-lib: its runtime and role are not ours to set. */
function acknowledgeProviderFramework(provider: Provider, onEvent: OwnstackFunction): void {
  const framework = provider.node.findChild('framework-onEvent');
  const cdkProvided = 'CDK-provided custom resource framework function (aws-cdk-lib builds it),';
  Validations.of(framework).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: `${cdkProvided} which logs through the basic execution role; it runs only during deployments.`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::${arnInFinding(onEvent.function)}:*]`,
      reason: `${cdkProvided} invoking the signing-key function (any of its versions) and nothing else.`,
    },
    { id: 'AwsSolutions-L1', reason: `${cdkProvided} whose Node.js runtime aws-cdk-lib chooses and updates with each release.` },
    { id: 'Serverless-LambdaLatestVersion', reason: `${cdkProvided} whose Node.js runtime aws-cdk-lib chooses and updates with each release.` },
    { id: 'Serverless-LambdaDLQ', reason: `${cdkProvided} invoked synchronously by CloudFormation, which reports its failures on the stack.` },
    { id: 'Serverless-LambdaTracing', reason: `${cdkProvided} which runs only during deployments; its logs go to a log group with retention.` },
    { id: 'Serverless-LambdaDefaultMemorySize', reason: `${cdkProvided} which only relays one CloudFormation event per deployment to our function.` },
  );
}
