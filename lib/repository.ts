/**
 * Facts about this repository that the stack reads at synth time: where it lives (entry
 * paths in the function catalog and the SPA build are relative to it) and which product
 * version it builds. Nothing here reaches AWS.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root: the folder holding package.json, functions/ and frontend/. */
export const repositoryRoot = resolve(import.meta.dirname, '..');

/** The product version, from package.json; functions read it as OWNSTACK_VERSION. */
export const productVersion: string = JSON.parse(readFileSync(resolve(repositoryRoot, 'package.json'), 'utf8')).version;

/** Where `npm run build:web` writes the SPA. */
export const defaultSiteAssetPath = resolve(repositoryRoot, 'frontend/dist');
