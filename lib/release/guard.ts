/**
 * cfn-guard over the release template: the AWS Control Tower proactive rules that
 * @cdklabs/cdk-validator-cfnguard ships with its own cfn-guard binary, so the check runs
 * offline in every release build. Findings are handled two ways, each with its reason
 * (repeated in docs/release.md):
 * - a rule that contradicts a product-wide choice (no fixed monthly cost, no VPC, the
 *   customer chooses log retention) is disabled, below;
 * - a rule a specific resource breaks is acknowledged on that resource only, reusing the
 *   reason already given there for the equivalent cdk-nag rule, so an exception is argued
 *   once and a new resource breaking the rule still fails the release.
 */
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { type Stack, Validations } from 'aws-cdk-lib';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';

const FIXED_COST = 'a customer-managed KMS key costs about $1 per month per key, and the product has no fixed monthly cost (docs/cost.md);';

/** Control Tower rules (by control id) that do not apply to this product, with why. */
export const DISABLED_GUARD_RULES: Record<string, string> = {
  'CT.LAMBDA.PR.3':
    'Functions reach only AWS APIs (DynamoDB, S3, SQS, EventBridge, Cognito); a VPC would need NAT gateways or interface endpoints, a fixed monthly cost, and protect nothing.',
  'CT.CLOUDWATCH.PR.1':
    "The installation's alarms (EnableAlarms) exist to be CloudFormation rollback triggers during upgrades, which CloudFormation watches itself; a notification action would need an SNS topic and a recipient the template cannot know.",
  'CT.CLOUDWATCH.PR.3': `Log groups use CloudWatch Logs' default encryption at rest; ${FIXED_COST} logs hold no document content.`,
  'CT.CLOUDWATCH.PR.2':
    "Retention is the operator's choice (parameter LogRetentionDays, default 30 days, up to 10 years); a one-year minimum would force cost and personal-data retention on every installation.",
  'CT.S3.PR.10': `Buckets use SSE-S3 (AES-256) with TLS enforced; ${FIXED_COST} a KMS key would also add a per-request charge to every attachment read.`,
  'CT.S3.PR.9':
    'Object Lock would make deletion impossible: attachments are deleted with their document (trash, retention), exports expire, and the site bucket is rewritten by each deployment.',
  'CT.S3.PR.4': 'Nothing reacts to object changes: uploads and deletions go through the API, which writes a domain event for each.',
  'CT.S3.PR.11':
    'The site bucket is rebuilt from the release on every deployment; data-bucket objects are immutable (new key per upload), deleted on purpose, and backed by the audit trail; versions would keep deleted personal data.',
  'CT.S3.PR.6':
    'Only the site bucket lacks one: it holds the SPA build alone, and older hashed chunks are kept on purpose so open tabs can still load them (lib/constructs/site-publication.ts).',
  'CT.CLOUDFRONT.PR.6':
    'The app is served on its *.cloudfront.net name with the CloudFront certificate: a custom certificate needs a domain the customer owns, which the one-click install cannot assume.',
  'CT.CLOUDFRONT.PR.7': 'Follows from the CloudFront default certificate (no custom certificate to serve with SNI).',
  'CT.CLOUDFRONT.PR.9': 'With the CloudFront default certificate the minimum TLS version cannot be set; browsers negotiate TLS 1.2 or 1.3 with it.',
  'CT.CLOUDFRONT.PR.4': 'One region per installation by design: there is no second origin to fail over to.',
  'CT.CLOUDFRONT.PR.5':
    'Access logs would need a second bucket (or a paid log delivery); API requests are already logged by API Gateway access logs and every change by the audit trail.',
};

/** cdk-nag rules (as acknowledged) whose acknowledgment, where present, also answers a cfn-guard rule. */
const SAME_CONCERN: [RegExp, string][] = [
  [/^AwsSolutions-APIG4$/, 'api_gw_v2_authorization_type_configured_check'],
  [/^AwsSolutions-SQS3$/, 'sqs_dlq_check'],
  [/^Serverless-SQSRedrivePolicy$/, 'sqs_dlq_check'],
  [/^AwsSolutions-S1$/, 's3_bucket_logging_enabled_check'],
  // A statement allowing every action (on every resource), argued for cdk-nag's IAM5.
  [/^AwsSolutions-IAM5\[Action::\*\]$/, 'iam_inline_policy_no_statements_with_admin_access_check'],
  [/^AwsSolutions-IAM5\[Action::\*\]$/, 'iam_inline_policy_no_statements_with_full_access_check'],
  // A whole service's actions (`s3:*`), argued for cdk-nag's IAM5.
  [/^AwsSolutions-IAM5\[Action::[a-z0-9-]+:\*\]$/, 'iam_inline_policy_no_statements_with_full_access_check'],
];
const GUARD_RULE_PREFIX = 'cdk-validator-cfnguard::';

export function guardValidator(): CfnGuardValidator {
  // The plugin disables a rule by its file name: CT.LAMBDA.PR.3 is ct-lambda-pr-3.guard.
  return new CfnGuardValidator({ disabledRules: Object.keys(DISABLED_GUARD_RULES).map((control) => control.toLowerCase().replaceAll('.', '-')) });
}

/** Acknowledges cfn-guard findings on the resources that have an equivalent, reasoned cdk-nag acknowledgment. */
export function acknowledgeGuardExceptions(stack: Stack): void {
  const acknowledged = new Set<string>();
  for (const construct of stack.node.findAll()) {
    for (const entry of [...construct.node.metadata]) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        // Stored as `Annotation::AwsSolutions-S1` by aws-cdk-lib's Validations.
        const nagRule = id.replace(/^Annotation::/, '');
        for (const [pattern, guardRule] of SAME_CONCERN) {
          if (!pattern.test(nagRule) || acknowledged.has(`${construct.node.path} ${guardRule}`)) continue;
          acknowledged.add(`${construct.node.path} ${guardRule}`);
          Validations.of(construct).acknowledge({ id: `${GUARD_RULE_PREFIX}${guardRule}`, reason: `As for ${nagRule}: ${reason}` });
        }
      }
    }
    // The rule recognizes a SourceArn only as a plain string, Ref or GetAtt; CDK scopes API
    // Gateway's permission with an Fn::Join naming this API in this account and region.
    if (construct instanceof CfnPermission && construct.principal === 'apigateway.amazonaws.com' && construct.sourceArn) {
      Validations.of(construct).acknowledge({
        id: `${GUARD_RULE_PREFIX}lambda_function_public_access_prohibited_check`,
        reason: "Scoped by SourceArn to this installation's own HTTP API (an Fn::Join the rule does not evaluate).",
      });
    }
  }
}
