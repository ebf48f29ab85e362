/**
 * Writes zip archives as a stream with fflate: entries are deflated one at a time and the
 * compressed bytes handed on as they appear, so memory holds one entry (at most an
 * attachment, 25 MiB) rather than the archive. fflate because it is one small pure-JS
 * package with no dependencies, streams both ways and needs no native code; archiver and
 * jszip pull in large trees or build the whole archive in memory.
 */
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export interface ZipEntry {
  /** Path inside the archive, `/`-separated. */
  name: string;
  bytes: Uint8Array;
  /** Stored as the entry's modification time, so a rebuilt archive has the same entries. */
  modifiedAt: Date;
  /** Store without compression (already-compressed files: zips, images). @default false */
  stored?: boolean;
}

export async function* zipStream(entries: AsyncIterable<ZipEntry>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | undefined;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else out.push(chunk);
  });
  for await (const entry of entries) {
    const file = entry.stored ? new ZipPassThrough(entry.name) : new ZipDeflate(entry.name, { level: 6 });
    file.mtime = entry.modifiedAt;
    zip.add(file);
    file.push(entry.bytes, true);
    if (failure) throw failure;
    yield* out.splice(0);
  }
  zip.end();
  if (failure) throw failure;
  yield* out.splice(0);
}
