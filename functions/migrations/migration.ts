/**
 * A data migration, declared as data: which entity it changes, from which stored format
 * (`schemaVersion`) to which, and two steps. `expand` writes the new shape while keeping
 * everything the previous release reads, so old and new code both work while it is
 * halfway; `contract` removes what only the previous release needed, and runs only once
 * expand has completed and the release after the one that introduced the migration is
 * deployed (by then no code older than the new shape's readers runs, even after a rollback).
 * See docs/migrations.md.
 */
import type { ItemBase } from '../platform/table-design.js';

export type Phase = 'expand' | 'contract';
export type StoredItem = ItemBase & Record<string, unknown>;
export type ItemKey = { pk: string; sk: string };

/** What a step does to one item: attributes to set and to remove (`schemaVersion` is the runner's). */
export interface ItemChange {
  set?: Record<string, unknown>;
  remove?: readonly string[];
}

/** What a step may read beside the item it changes (e.g. a document's body), strongly consistent. */
export interface StepContext {
  get(key: ItemKey): Promise<Record<string, unknown> | undefined>;
}

export interface MigrationStep {
  /** True when the item still needs this step; false for items already in the step's shape. */
  needs(item: StoredItem): boolean;
  /** The change to write; it must depend only on the item (and what `context` reads), so a re-run computes the same. */
  change(item: StoredItem, context: StepContext): Promise<ItemChange>;
  /** `schemaVersion` the item has after this step. */
  writesSchemaVersion: number;
}

export interface Migration {
  /** Stable, ordered id: `NNNN-what` (the checkpoint is `MIGRATION#<id>`). */
  id: string;
  description: string;
  /** The `entity` of the items it changes. */
  entity: string;
  from: number;
  to: number;
  /** The product version whose code first reads the new shape; its contract runs on a later version. */
  introducedIn: string;
  /**
   * Attributes that every change of the item moves (e.g. `version`). A migration write is
   * conditioned on them and on `schemaVersion` being what it read, so a racing app write
   * is never overwritten with a shape computed from the older item.
   */
  guardedBy: readonly string[];
  expand: MigrationStep;
  contract: MigrationStep;
}

export const migrationKeys = {
  checkpoint: (migrationId: string, phase: Phase) => ({ pk: `MIGRATION#${migrationId}`, sk: phase.toUpperCase() }),
};

export const MIGRATION_RUN_ENTITY = 'MigrationRun';
