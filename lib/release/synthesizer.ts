/**
 * The synthesizer of release builds: CDK's own CliCredentialsStackSynthesizer, which adds
 * no bootstrap-version parameter or rule and assumes no bootstrap role, pointed at the
 * vendor's regional release bucket under the version's prefix. The customer's account then
 * needs no `cdk bootstrap`: CloudFormation reads the code from the vendor's bucket.
 */
import { CliCredentialsStackSynthesizer } from 'aws-cdk-lib';
import { REGION_PLACEHOLDER, releaseSettings, versionPrefix } from './settings.js';

export class ReleaseSynthesizer extends CliCredentialsStackSynthesizer {
  /** The asset bucket as cdk-nag prints it in findings (lib/constructs/nag-findings.ts). */
  readonly assetBucketNameInFinding: string;

  constructor(readonly version: string) {
    super({ fileAssetsBucketName: releaseSettings.bucketNamePattern, bucketPrefix: versionPrefix(version) });
    this.assetBucketNameInFinding = releaseSettings.bucketNamePattern.replace(REGION_PLACEHOLDER, '<AWS::Region>');
  }
}
