/**
 * Bundle sizes (the file Lambda imports, the whole asset folder, and the zip that is
 * uploaded), and the two bundles the bench builds itself: the minimal handler to compare
 * cold starts with, bundled exactly as the stack bundles ours, and the cold-start probe.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { build } from 'esbuild';

export interface BundleSize {
  /** index.mjs alone: what Node parses at import. */
  indexBytes: number;
  /** Every file of the asset (source map and copied packages included). */
  folderBytes: number;
  files: number;
  /** The asset zipped, as uploaded to Lambda. */
  zipBytes: number;
  /** How zipBytes was measured. */
  zipMethod: string;
}

export function measureBundle(dir: string): BundleSize {
  const files = listFiles(dir);
  return {
    indexBytes: statSync(join(dir, 'index.mjs')).size,
    folderBytes: files.reduce((sum, f) => sum + statSync(f).size, 0),
    files: files.length,
    ...zipSize(dir, files),
  };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function zipSize(dir: string, files: string[]): Pick<BundleSize, 'zipBytes' | 'zipMethod'> {
  const scratch = mkdtempSync(join(tmpdir(), 'ownstack-bench-zip-'));
  try {
    const archive = join(scratch, 'asset.zip');
    execFileSync('zip', ['-r', '-q', '-X', archive, '.'], { cwd: dir, stdio: 'ignore' });
    return { zipBytes: statSync(archive).size, zipMethod: 'zip -r -X (Info-ZIP, deflate level 6)' };
  } catch {
    // No zip binary: deflate each file in memory and add the zip format's per-file headers
    // (30 + 46 bytes plus the name twice) and the 22-byte end record.
    const zipBytes =
      files.reduce((sum, f) => {
        const name = f.slice(dir.length + 1);
        return sum + deflateRawSync(readFileSync(f), { level: 6 }).byteLength + 76 + 2 * Buffer.byteLength(name);
      }, 0) + 22;
    return { zipBytes, zipMethod: 'node:zlib deflateRaw per file (level 6) + zip headers' };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// Mirrors lib/constructs/lambda-function.ts (its bundling options and ESM banner), so the
// minimal handler pays exactly what our functions pay for the bundle format.
const ESM_REQUIRE_BANNER = "import { createRequire as __ownstackCreateRequire } from 'node:module';const require = __ownstackCreateRequire(import.meta.url);";

/** The handlers the bench bundles itself, by name: source under bench/. */
export const BENCH_HANDLERS = {
  minimal: './minimal/handler.ts',
  authorizer: './probe/authorizer-handler.ts',
} as const;

/** Bundles one of the bench's handlers as the stack bundles a function; returns the index.mjs path. */
export async function buildBenchHandler(name: keyof typeof BENCH_HANDLERS, outDir: string): Promise<string> {
  const outfile = join(outDir, 'index.mjs');
  await build({
    entryPoints: [new URL(BENCH_HANDLERS[name], import.meta.url).pathname],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    external: ['@aws-sdk/*', '@smithy/*'],
    banner: { js: ESM_REQUIRE_BANNER },
    logLevel: 'warning',
  });
  return outfile;
}

/** Bundles the cold-start probe to plain JavaScript, so a child runs it with bare `node`. */
export async function buildProbe(outDir: string): Promise<string> {
  const outfile = join(outDir, 'cold-probe.mjs');
  await build({
    entryPoints: [new URL('./probe/cold-probe.ts', import.meta.url).pathname],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
  });
  return outfile;
}
