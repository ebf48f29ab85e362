/**
 * What the bench asks a cold-start probe to do, and what the probe answers. Shared by the
 * parent (cold-start.ts) and the child (cold-probe.ts); types only, so the probe bundle
 * stays free of the bench's dependencies.
 */

export interface ProbedFunction {
  name: string;
  memoryMb: number;
  timeoutSeconds: number;
}

export type ProbePlan =
  /** Import a handler bundle, then invoke its `handler` once per event. */
  | { kind: 'handler'; module: string; events: unknown[]; function: ProbedFunction; resultFile: string }
  /** `createRequire(from)(specifier)` for each specifier: a CommonJS package on its own. */
  | { kind: 'require'; from: string; specifiers: string[]; resultFile: string }
  /** `import(specifier)` for each specifier, resolved from the probe's own folder. */
  | { kind: 'import'; specifiers: string[]; resultFile: string };

export interface ProbeResult {
  ok: boolean;
  error?: string;
  /** From the process's time origin to the probe's first line: node's own start-up. */
  bootMs: number;
  /** Import of the bundle (module load and top-level init), or of the packages. */
  loadMs: number;
  invocations: { ms: number; result: unknown }[];
}
