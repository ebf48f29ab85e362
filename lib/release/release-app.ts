/**
 * Synthesizes the AppStack for a release: the same feature flags as `cdk synth` (cdk.json),
 * the same cdk-nag packs, plus the cfn-guard rules (lib/release/guard.ts), with the release
 * synthesizer. Returns the cloud assembly's stack artifact, whose asset manifest says what
 * the release folder must hold.
 */
import { App, Validations } from 'aws-cdk-lib';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppStack } from '../app-stack.js';
import { repositoryRoot } from '../repository.js';
import { acknowledgeGuardExceptions, guardValidator } from './guard.js';
import { ReleaseSynthesizer } from './synthesizer.js';

export interface ReleaseSynthOptions {
  readonly version: string;
  /** Where the cloud assembly goes (a scratch folder, not the release folder). */
  readonly assemblyDir: string;
  /** Folder of the built SPA. @default frontend/dist */
  readonly siteAssetPath?: string;
}

export function synthRelease(options: ReleaseSynthOptions): CloudFormationStackArtifact {
  const { context } = JSON.parse(readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ outdir: options.assemblyDir, context });
  const stack = new AppStack(app, 'OwnstackApp', {
    stackName: 'Ownstack',
    synthesizer: new ReleaseSynthesizer(options.version),
    siteAssetPath: options.siteAssetPath,
  });
  acknowledgeGuardExceptions(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app), guardValidator());
  return app.synth().getStackArtifact(stack.artifactId);
}
