/**
 * Release settings: where the vendor publishes releases and which regions can launch them.
 * One place for every name a release bakes into its template and manifests; change the
 * bucket pattern here (a fork publishing its own releases) and nothing else.
 */
import type { UpdateChannel } from '../../functions/upgrades/manifest.js';

/** CloudFormation's pseudo parameter, as written inside an Fn::Sub string (not a JS template). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's placeholder, resolved by Fn::Sub at deploy time.
export const REGION_PLACEHOLDER = '${AWS::Region}';

export const releaseSettings = {
  /**
   * The vendor's release bucket in each region (Lambda reads its code only from a bucket in
   * its own region). `${AWS::Region}` is resolved by CloudFormation at deploy time.
   */
  bucketNamePattern: `ownstack-releases-${REGION_PLACEHOLDER}`,
  /** Every object of one version lives under this prefix; `{version}` is replaced. */
  versionPrefix: 'ownstack/{version}/',
  /** The template's object name, under the version prefix. */
  templateFileName: 'ownstack.template.json',
  /**
   * Each channel's manifest, one per region (it names that region's template URL), at a
   * fixed key that installations poll. `{channel}` is replaced; `${AWS::Region}` too, by the
   * release build for each region and by Fn::Sub in the installation (lib/upgrade-parameters.ts).
   */
  manifestKey: `ownstack/channels/${REGION_PLACEHOLDER}/{channel}.json`,
  /** Regions with a release bucket: each gets a launch link and a template URL. */
  regions: ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1'],
  /** The stack name the launch link proposes (the customer may change it). */
  defaultStackName: 'Ownstack',
  /** Parameters the launch link prefills: safe defaults a customer reviews before creating. */
  launchParameters: { MfaPolicy: 'OPTIONAL', LogRetentionDays: '30' } as Record<string, string>,
} as const;

export function versionPrefix(version: string): string {
  return releaseSettings.versionPrefix.replace('{version}', version);
}

export function bucketNameIn(region: string): string {
  return releaseSettings.bucketNamePattern.replace(REGION_PLACEHOLDER, region);
}

/** The https URL of an object in a region's release bucket (virtual-hosted style). */
export function objectUrl(region: string, key: string): string {
  return `https://${bucketNameIn(region)}.s3.${region}.amazonaws.com/${key}`;
}

export function templateKey(version: string): string {
  return `${versionPrefix(version)}${releaseSettings.templateFileName}`;
}

export function manifestKey(channel: UpdateChannel, region: string): string {
  return releaseSettings.manifestKey.replace('{channel}', channel).replace(REGION_PLACEHOLDER, region);
}

/** `X.Y.Z`, optionally with a pre-release tag (`1.2.0-rc.1`): what a release may be called. */
export const RELEASE_VERSION_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/;
