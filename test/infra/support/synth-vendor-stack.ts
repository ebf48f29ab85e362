/**
 * Builds the VendorStack the way `cdk synth` does (cdk.json's feature flags) without
 * esbuild bundling, with a throwaway console build unless told otherwise, in temporary
 * folders removed after the calling test file.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { repositoryRoot } from '../../../lib/repository.js';
import { VendorStack, type VendorStackProps } from '../../../lib/vendor-stack.js';

export interface SynthesizedVendorStack {
  app: App;
  stack: VendorStack;
  template: Template;
}

export function synthVendorStack(props: VendorStackProps = {}): SynthesizedVendorStack {
  const { context } = JSON.parse(readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ outdir: temporaryFolder('ownstack-vendor-cdk-out-'), context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new VendorStack(app, 'OwnstackVendor', { consoleAssetPath: fakeConsoleBuild(), ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The smallest console build the stack publishes: a shell and one hashed chunk. */
function fakeConsoleBuild(): string {
  const dir = temporaryFolder('ownstack-vendor-console-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Ownstack vendor console</title><div id="root"></div>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'export {};');
  return dir;
}

function temporaryFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
