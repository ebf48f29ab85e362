/**
 * Builds the AppStack the way `cdk synth` does (same feature flags, from cdk.json) but
 * without esbuild bundling, and with a throwaway SPA build, so a test file synthesizes in
 * a few seconds and needs no `npm run build:web`. Each call builds a fresh app in its own
 * temporary folders, removed after the file's tests: no state is shared between files.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { AppStack } from '../../../lib/app-stack.js';
import { repositoryRoot } from '../../../lib/repository.js';

export interface SynthesizedAppStack {
  app: App;
  stack: AppStack;
  template: Template;
}

export function synthAppStack(): SynthesizedAppStack {
  const { context } = JSON.parse(readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const outdir = temporaryFolder('ownstack-cdk-out-');
  const app = new App({
    outdir,
    // An empty list skips asset bundling for every stack: templates are what we assert.
    context: { ...context, 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new AppStack(app, 'OwnstackApp', { siteAssetPath: fakeSpaBuild() });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The smallest SPA build the stack accepts: a shell and one hashed chunk. */
function fakeSpaBuild(): string {
  const dir = temporaryFolder('ownstack-site-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Ownstack</title><div id="root"></div>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'export {};');
  // The vendor console is built beside the SPA (`npm run build:web`); it must never ship with an installation.
  mkdirSync(join(dir, 'vendor'));
  writeFileSync(join(dir, 'vendor', 'index.html'), '<!doctype html><title>Vendor console</title>');
  return dir;
}

// biome-ignore lint/suspicious/noExplicitAny: a CloudFormation template is untyped JSON, read by path in assertions.
export type CfnJson = any;

/** A fresh folder under the OS temp dir, deleted when the calling test file is done. */
function temporaryFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The template's resources of one type, as [logical id, resource] pairs. */
export function resourcesOfType(template: Template, type: string): [string, CfnJson][] {
  return Object.entries(template.findResources(type));
}

/**
 * The logical id of the HTTP API named `<stack name>-<suffix>` (`api` for sessions,
 * `integration-api` for API keys), and a filter for the resources that belong to it.
 */
export function httpApiNamed(template: Template, suffix: string): { apiId: string; belongs: (entry: [string, CfnJson]) => boolean } {
  const found = resourcesOfType(template, 'AWS::ApiGatewayV2::Api').filter(([, api]) => api.Properties.Name?.['Fn::Join']?.[1]?.at(-1) === `-${suffix}`);
  const [[apiId] = []] = found;
  if (found.length !== 1 || !apiId) throw new Error(`Expected one HTTP API named <stack>-${suffix}; found ${found.length}.`);
  return { apiId, belongs: ([, resource]) => resource.Properties?.ApiId?.Ref === apiId };
}

/** Every IAM statement attached to the role of the Lambda function with this description. */
export function statementsOfFunction(template: Template, functionDescription: string): CfnJson[] {
  const [, fn] = resourcesOfType(template, 'AWS::Lambda::Function').find(([, f]) => f.Properties.Description === functionDescription) ?? [];
  if (!fn) throw new Error(`No Lambda function described "${functionDescription}".`);
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((role: CfnJson) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}
