/**
 * The application plane's CloudFormation parameters: what a customer may choose at deploy
 * time without touching code (with `cdk deploy --parameters`, or in the console for the
 * one-click template). Defined on the stack itself so their names stay short and stable.
 */
import { CfnParameter, type Stack } from 'aws-cdk-lib';
import { MFA_POLICIES } from './constructs/identity.js';

/** Retention values CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export interface AppParameters {
  readonly initialOwnerEmail: CfnParameter;
  readonly mfaPolicy: CfnParameter;
  readonly logRetentionDays: CfnParameter;
  readonly apiRateLimit: CfnParameter;
  readonly apiBurstLimit: CfnParameter;
}

export function defineAppParameters(stack: Stack): AppParameters {
  const initialOwnerEmail = new CfnParameter(stack, 'InitialOwnerEmail', {
    type: 'String',
    description: "Email of the installation's first owner: Cognito invites this address, and its first sign-in is made owner.",
    allowedPattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    constraintDescription: 'must be an email address',
    maxLength: 320,
  });
  const mfaPolicy = new CfnParameter(stack, 'MfaPolicy', {
    type: 'String',
    description: 'Multi-factor authentication with an authenticator app (TOTP): OFF, OPTIONAL (each user chooses) or REQUIRED.',
    allowedValues: [...MFA_POLICIES],
    default: 'OPTIONAL',
  });
  const logRetentionDays = new CfnParameter(stack, 'LogRetentionDays', {
    type: 'Number',
    description: 'Days to keep function and API access logs in CloudWatch Logs.',
    allowedValues: LOG_RETENTION_DAYS.map(String),
    default: 30,
  });
  const apiRateLimit = new CfnParameter(stack, 'ApiRateLimit', {
    type: 'Number',
    description: 'Steady-state requests per second the API accepts before answering 429.',
    minValue: 1,
    maxValue: 10000,
    default: 50,
  });
  const apiBurstLimit = new CfnParameter(stack, 'ApiBurstLimit', {
    type: 'Number',
    description: 'Requests the API accepts in a short burst above the steady rate.',
    minValue: 1,
    maxValue: 5000,
    default: 100,
  });

  stack.templateOptions.metadata = {
    'AWS::CloudFormation::Interface': {
      ParameterGroups: [
        { Label: { default: 'Users' }, Parameters: [initialOwnerEmail.logicalId, mfaPolicy.logicalId] },
        { Label: { default: 'Operations' }, Parameters: [logRetentionDays.logicalId, apiRateLimit.logicalId, apiBurstLimit.logicalId] },
      ],
    },
  };
  return { initialOwnerEmail, mfaPolicy, logRetentionDays, apiRateLimit, apiBurstLimit };
}
