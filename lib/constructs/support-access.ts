/**
 * Optional vendor support access (the SupportAccess parameter, off by default): a role the
 * vendor's account may assume only with the customer's external id, only before the expiry
 * the customer set, and only with a source identity naming the engineer, which CloudTrail
 * records on every call made with the role. It can read configuration and metadata
 * (ViewOnlyAccess), never the customer's data: no object, item or log line. The vendor
 * otherwise has no role in the account: upgrades are pulled by the customer's pipeline.
 */
import { type CfnResource, Duration, Validations } from 'aws-cdk-lib';
import { AccountPrincipal, ManagedPolicy, PolicyStatement, PrincipalWithConditions, Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { SupportAccessParameters } from '../upgrade-parameters.js';

export class SupportAccess extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: { parameters: SupportAccessParameters }) {
    super(scope, id);
    const { parameters } = props;
    const conditions = {
      StringEquals: { 'sts:ExternalId': parameters.externalId.valueAsString },
      DateLessThan: { 'aws:CurrentTime': parameters.expiresAt.valueAsString },
      // The engineer's name travels with every call (CloudTrail's sourceIdentity).
      Null: { 'sts:SourceIdentity': 'false' },
    };
    const vendor = new PrincipalWithConditions(new AccountPrincipal(parameters.accountId.valueAsString), conditions);
    this.role = new Role(this, 'Role', {
      assumedBy: vendor,
      description: 'Vendor support: read-only diagnosis, time-boxed by the SupportAccessExpiry parameter',
      maxSessionDuration: Duration.hours(1),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('job-function/ViewOnlyAccess')],
    });
    // The source identity must be allowed to be set on the session for the condition above to hold.
    this.role.assumeRolePolicy?.addStatements(
      new PolicyStatement({ actions: ['sts:SetSourceIdentity'], principals: [new AccountPrincipal(parameters.accountId.valueAsString)], conditions }),
    );
    const resource = this.role.node.defaultChild as CfnResource;
    resource.cfnOptions.condition = parameters.enabled;
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/job-function/ViewOnlyAccess]',
      reason: 'AWS maintains ViewOnlyAccess as the list-and-describe policy without data reads; it is what support diagnosis needs and no more.',
    });
  }
}
