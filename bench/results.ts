/** The shape of bench/results/latest.json: everything one run measured, with its machine. */
import type { BundleSize } from './bundles.js';
import type { RouteCapacity } from './capacity.js';
import type { ColdStartFigures } from './cold-start.js';
import type { RouteLatency } from './latency.js';
import type { Machine } from './machine.js';
import type { BenchOptions } from './options.js';
import type { PublisherFigures } from './publisher-rate.js';
import type { SourceState } from './source.js';

export interface ScaleResults {
  users: number;
  /** Documents seeded in the table when its routes were timed (creates of earlier sizes not counted). */
  documents: number;
  /** Documents in the project the list route pages through. */
  listProjectDocuments: number;
  /** Wall time to seed up to this many documents (from the previous scale). */
  seedMs: number;
  latency: RouteLatency[];
  capacity: RouteCapacity[];
}

export interface TargetCheck {
  target: string;
  measured: string;
  value: number;
  limit: number;
  met: boolean;
}

export interface BenchResults {
  command: string;
  startedAt: string;
  /** Which attempt produced these figures (run.ts starts over after a crash of node itself). */
  attempt: number;
  totalMs: number;
  options: BenchOptions;
  machine: Machine;
  /** The code measured: commit and uncommitted changes at the start of the run. */
  source: SourceState;
  /** Load averages (1, 5, 15 min) when the run started and when it ended. */
  load: { atStart: number[]; atEnd: number[] };
  synth: { wallMs: number; otherFunctions: string[] };
  bundles: ({ name: string } & BundleSize)[];
  coldStarts: ColdStartFigures[];
  scales: ScaleResults[];
  publisher: PublisherFigures;
  /** Times the local runtime's process died (Node 20's V8 crash) and was restarted; the route it was timing was timed again. */
  runtimeRestarts: number;
  /** Times a write route's own process died and the route was timed again from the start. */
  workerRestarts: number;
  targets: TargetCheck[];
}
