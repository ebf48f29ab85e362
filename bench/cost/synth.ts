/**
 * Synthesizes the AppStack in this process the way the infra tests do: cdk.json's feature
 * flags, asset bundling skipped for every stack, a throwaway SPA build. No esbuild, no
 * AWS credentials, no network: a template in a few seconds on a fresh clone. Its scratch
 * folders are removed before returning.
 */
import { App } from 'aws-cdk-lib';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppStack } from '../../lib/app-stack.js';
import { repositoryRoot } from '../../lib/repository.js';
import type { CfnTemplate } from './template.js';

export function synthesizeTemplate(extraContext: Record<string, unknown> = {}): CfnTemplate {
  const { context } = JSON.parse(readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const scratch = mkdtempSync(join(tmpdir(), 'ownstack-cost-'));
  try {
    const site = join(scratch, 'site');
    mkdirSync(join(site, 'assets'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>Ownstack</title><div id="root"></div>');
    writeFileSync(join(site, 'assets', 'index-abc123.js'), 'export {};');
    // An empty list skips asset bundling for every stack: the template is all we price.
    const app = new App({ outdir: join(scratch, 'cdk.out'), context: { ...context, ...extraContext, 'aws:cdk:bundling-stacks': [] } });
    const stack = new AppStack(app, 'OwnstackApp', { siteAssetPath: site });
    const assembly = app.synth();
    return JSON.parse(readFileSync(join(assembly.directory, stack.templateFile), 'utf8')) as CfnTemplate;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
