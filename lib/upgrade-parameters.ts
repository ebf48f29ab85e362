/**
 * The parameters of pulled upgrades and of vendor support access: which release channel
 * the installation follows, whether and when it upgrades itself, whether an admin must
 * approve, the opt-in alarms that roll a bad upgrade back, and the optional, time-boxed
 * support role. Every default is the safe one: notify only, approval required, no alarms
 * (no fixed cost), no support role.
 */
import { CfnCondition, CfnParameter, CfnRule, Fn, type Stack } from 'aws-cdk-lib';
import { UPDATE_CHANNELS } from '../functions/upgrades/manifest.js';
import { AUTO_UPDATE_MODES } from '../functions/upgrades/plan.js';
import { WINDOW_PATTERN } from '../functions/upgrades/window.js';
import { addParameterGroup } from './parameter-groups.js';
import { releaseSettings } from './release/settings.js';

export interface UpgradeParameters {
  readonly channel: CfnParameter;
  readonly autoUpdate: CfnParameter;
  readonly maintenanceWindow: CfnParameter;
  readonly requireApproval: CfnParameter;
  readonly alarms: CfnParameter;
  readonly alarmsEnabled: CfnCondition;
  readonly autoUpdateOn: CfnCondition;
  readonly support: SupportAccessParameters;
}

export interface SupportAccessParameters {
  readonly enabled: CfnCondition;
  readonly accountId: CfnParameter;
  readonly externalId: CfnParameter;
  readonly expiresAt: CfnParameter;
}

export function defineUpgradeParameters(stack: Stack): UpgradeParameters {
  const channel = new CfnParameter(stack, 'UpdateChannel', {
    type: 'String',
    description: 'The release channel whose manifest this installation reads: stable (recommended), beta or canary.',
    allowedValues: [...UPDATE_CHANNELS],
    default: 'stable',
  });
  const autoUpdate = new CfnParameter(stack, 'AutoUpdate', {
    type: 'String',
    description:
      'off: never check for updates. notify: check daily and show admins "update available"; upgrade only when an operator starts the pipeline. auto: also upgrade by itself inside the maintenance window.',
    allowedValues: [...AUTO_UPDATE_MODES],
    default: 'notify',
  });
  const maintenanceWindow = new CfnParameter(stack, 'MaintenanceWindow', {
    type: 'String',
    description: 'When AutoUpdate auto may upgrade: a weekday and a start and end time in UTC, e.g. Sun:02:00-04:00.',
    allowedPattern: WINDOW_PATTERN,
    constraintDescription: 'must look like Sun:02:00-04:00 (Sun..Sat, HH:MM-HH:MM, UTC)',
    default: 'Sun:02:00-04:00',
  });
  const requireApproval = new CfnParameter(stack, 'RequireUpgradeApproval', {
    type: 'String',
    description:
      'true: the pipeline waits (up to 7 days) for an admin to approve each upgrade in the app or the Step Functions console. false: it deploys once the change set is ready.',
    allowedValues: ['true', 'false'],
    default: 'true',
  });
  const alarms = new CfnParameter(stack, 'EnableAlarms', {
    type: 'String',
    description:
      'true: CloudWatch alarms on API and worker errors (about USD 0.10 per alarm per month), used as rollback triggers during upgrades. false: no alarms, no fixed cost.',
    allowedValues: ['true', 'false'],
    default: 'false',
  });
  addParameterGroup(stack, 'Updates', [
    { parameter: channel, label: 'Release channel' },
    { parameter: autoUpdate, label: 'Automatic updates' },
    { parameter: maintenanceWindow, label: 'Maintenance window (UTC)' },
    { parameter: requireApproval, label: 'Require approval for upgrades' },
    { parameter: alarms, label: 'Alarms (rollback triggers, fixed cost)' },
  ]);
  return {
    channel,
    autoUpdate,
    maintenanceWindow,
    requireApproval,
    alarms,
    alarmsEnabled: new CfnCondition(stack, 'AlarmsEnabled', { expression: Fn.conditionEquals(alarms.valueAsString, 'true') }),
    autoUpdateOn: new CfnCondition(stack, 'AutoUpdateOn', { expression: Fn.conditionEquals(autoUpdate.valueAsString, 'auto') }),
    support: defineSupportAccessParameters(stack),
  };
}

function defineSupportAccessParameters(stack: Stack): SupportAccessParameters {
  const access = new CfnParameter(stack, 'SupportAccess', {
    type: 'String',
    description: 'enabled: create a read-only role the vendor may assume until the expiry, with your external id. disabled: the vendor has no access at all.',
    allowedValues: ['disabled', 'enabled'],
    default: 'disabled',
  });
  const accountId = new CfnParameter(stack, 'SupportAccountId', {
    type: 'String',
    description: "The vendor's AWS account id, given to you with the support case (only with SupportAccess enabled).",
    allowedPattern: '^(|[0-9]{12})$',
    constraintDescription: 'must be empty or a 12-digit AWS account id',
    default: '',
  });
  const externalId = new CfnParameter(stack, 'SupportExternalId', {
    type: 'String',
    description: 'A secret you choose and tell the vendor: the role can be assumed only with it (only with SupportAccess enabled).',
    allowedPattern: '^(|[A-Za-z0-9+=,.@:/-]{16,1224})$',
    constraintDescription: 'must be empty or 16 to 1224 characters of A-Z a-z 0-9 +=,.@:/-',
    default: '',
    noEcho: true,
  });
  const expiresAt = new CfnParameter(stack, 'SupportAccessExpiry', {
    type: 'String',
    description: 'When support access ends, in UTC, e.g. 2026-12-31T00:00:00Z: after it the role can no longer be assumed (only with SupportAccess enabled).',
    allowedPattern: '^(|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)$',
    constraintDescription: 'must be empty or a UTC time like 2026-12-31T00:00:00Z',
    default: '',
  });
  const enabled = new CfnCondition(stack, 'SupportAccessEnabled', { expression: Fn.conditionEquals(access.valueAsString, 'enabled') });
  new CfnRule(stack, 'SupportAccessNeedsDetails', {
    ruleCondition: Fn.conditionEquals(access.valueAsString, 'enabled'),
    assertions: [
      { assert: Fn.conditionNot(Fn.conditionEquals(accountId.valueAsString, '')), assertDescription: 'SupportAccess enabled needs SupportAccountId.' },
      { assert: Fn.conditionNot(Fn.conditionEquals(externalId.valueAsString, '')), assertDescription: 'SupportAccess enabled needs SupportExternalId.' },
      { assert: Fn.conditionNot(Fn.conditionEquals(expiresAt.valueAsString, '')), assertDescription: 'SupportAccess enabled needs SupportAccessExpiry.' },
    ],
  });
  addParameterGroup(stack, 'Vendor support access', [
    { parameter: access, label: 'Support access' },
    { parameter: accountId, label: 'Vendor account id' },
    { parameter: externalId, label: 'External id' },
    { parameter: expiresAt, label: 'Access expires at (UTC)' },
  ]);
  return { enabled, accountId, externalId, expiresAt };
}

/**
 * The URL of a channel's release manifest in the installation's own region, resolved at
 * deploy time from the release settings (lib/release/settings.ts).
 */
export function manifestUrlOf(channel: string): string {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub variable, not a JavaScript one.
  const key = releaseSettings.manifestKey.replace('{channel}', '${Channel}');
  return Fn.sub(`https://${releaseSettings.bucketNamePattern}.s3.\${AWS::Region}.amazonaws.com/${key}`, { Channel: channel });
}
