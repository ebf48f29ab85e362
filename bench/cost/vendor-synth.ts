/**
 * Synthesizes the VendorStack in this process the way the infra tests do: cdk.json's
 * feature flags, bundling skipped, a throwaway console build. Offline; scratch folders are
 * removed before returning.
 */
import { App } from 'aws-cdk-lib';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '../../lib/repository.js';
import { VendorStack } from '../../lib/vendor-stack.js';
import type { CfnTemplate } from './template.js';

export function synthesizeVendorTemplate(): CfnTemplate {
  const { context } = JSON.parse(readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const scratch = mkdtempSync(join(tmpdir(), 'ownstack-vendor-cost-'));
  try {
    const site = join(scratch, 'console');
    mkdirSync(join(site, 'assets'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>Ownstack vendor console</title><div id="root"></div>');
    writeFileSync(join(site, 'assets', 'index-abc123.js'), 'export {};');
    const app = new App({ outdir: join(scratch, 'cdk.out'), context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    const stack = new VendorStack(app, 'OwnstackVendor', { consoleAssetPath: site });
    const assembly = app.synth();
    return JSON.parse(readFileSync(join(assembly.directory, stack.templateFile), 'utf8')) as CfnTemplate;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
