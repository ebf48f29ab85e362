/**
 * The exact names cdk-nag gives findings that mention one of our resources. cdk-nag 3
 * acknowledges findings by exact id (`AwsSolutions-IAM5[Resource::<Table1234.Arn>/*]`),
 * with no prefix matching, so an acknowledgment must spell the resource as nag prints it.
 */
import { type CfnElement, DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** `<LogicalId.Arn>`: how a finding prints the ARN of a resource defined in this stack. */
export function arnInFinding(resource: IConstruct): string {
  const element = resource.node.defaultChild as CfnElement | undefined;
  if (!element) throw new Error(`${resource.node.path} has no CloudFormation resource, so no finding can name its ARN.`);
  return `<${Stack.of(resource).resolve(element.logicalId)}.Arn>`;
}

/** The CDK bootstrap bucket that file assets are staged in, as a finding prints it. */
export function assetBucketArnInFinding(scope: IConstruct): string {
  const synthesizer = Stack.of(scope).synthesizer;
  // A release build stages assets in the vendor's bucket instead (lib/release/synthesizer.ts).
  const releaseBucket = (synthesizer as { assetBucketNameInFinding?: unknown }).assetBucketNameInFinding;
  if (typeof releaseBucket === 'string') return `arn:<AWS::Partition>:s3:::${releaseBucket}`;
  const qualifier = (synthesizer instanceof DefaultStackSynthesizer && synthesizer.bootstrapQualifier) || DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  return `arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>`;
}
