/**
 * A release's notes: a notes file if one is given, otherwise the version's section of
 * CHANGELOG.md (`## [1.2.0]` or `## 1.2.0`, up to the next `## `). A release without notes
 * is refused: the "update available" banner shows them to every operator.
 */
import { existsSync, readFileSync } from 'node:fs';

export function releaseNotesFor(version: string, options: { notesFile?: string; changelogFile: string }): string {
  if (options.notesFile) {
    const notes = readFileSync(options.notesFile, 'utf8').trim();
    if (!notes) throw new Error(`The notes file ${options.notesFile} is empty.`);
    return notes;
  }
  if (!existsSync(options.changelogFile)) throw new Error(`No release notes: ${options.changelogFile} does not exist and no --notes file was given.`);
  const lines = readFileSync(options.changelogFile, 'utf8').split('\n');
  const escaped = version.replaceAll('.', '\\.');
  const heading = new RegExp(`^##\\s+\\[?v?${escaped}\\]?(\\s|$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) throw new Error(`No release notes: ${options.changelogFile} has no "## ${version}" section and no --notes file was given.`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  const notes = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim();
  if (!notes) throw new Error(`The "## ${version}" section of ${options.changelogFile} is empty.`);
  return notes;
}

/** The release listed after this one in CHANGELOG.md (newest first): the release before it, if any. */
export function previousReleaseIn(changelogFile: string, version: string): string | undefined {
  if (!existsSync(changelogFile)) return undefined;
  const versions = [...readFileSync(changelogFile, 'utf8').matchAll(/^##\s+\[?v?(\d+\.\d+\.\d+[^\]\s]*)\]?/gm)].map((m) => m[1] as string);
  const index = versions.indexOf(version);
  return index >= 0 ? versions[index + 1] : undefined;
}
