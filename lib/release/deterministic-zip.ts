/**
 * Zips a folder the same way every time: entries sorted by path, one fixed timestamp and
 * fixed permissions, so the same build gives the same bytes and the same sha256 (a
 * re-run release is byte-identical, and a checksum says something about the content).
 */
import { type Zippable, zipSync } from 'fflate';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** 1980-01-01, the earliest time a zip entry can carry. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const UNIX = 3;
const READABLE = 0o100644 << 16;
const EXECUTABLE = 0o100755 << 16;

export function zipFolder(folder: string): Uint8Array {
  const entries: Zippable = {};
  for (const file of filesUnder(folder).sort()) {
    const executable = (statSync(file).mode & 0o111) !== 0;
    const name = relative(folder, file).split(sep).join('/');
    entries[name] = [readFileSync(file), { mtime: FIXED_MTIME, os: UNIX, attrs: executable ? EXECUTABLE : READABLE, level: 9 }];
  }
  return zipSync(entries);
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    // Follows symlinks as CDK's own packaging does: the target's bytes go in the zip.
    if (entry.isFile() || (entry.isSymbolicLink() && statSync(path).isFile())) return [path];
    if (entry.isSymbolicLink() && statSync(path).isDirectory()) return filesUnder(path);
    return [];
  });
}
