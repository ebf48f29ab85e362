/**
 * Which code was measured: the commit, and the files under the measured folders that
 * differed from it (the working tree is shared with people editing it while the bench runs).
 * Reads git state only; never changes it.
 */
import { execFileSync } from 'node:child_process';

export interface SourceState {
  commit: string;
  /** Uncommitted changes (git status --porcelain) under bin/, lib/ and functions/. */
  uncommitted: string[];
}

export function describeSource(repositoryRoot: string): SourceState {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repositoryRoot, encoding: 'utf8' }).trim();
  try {
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      uncommitted: git('status', '--porcelain', '--', 'bin', 'lib', 'functions')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.trim()),
    };
  } catch {
    return { commit: 'unknown (no git)', uncommitted: [] };
  }
}
