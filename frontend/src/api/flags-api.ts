/**
 * Client methods of feature flags (admins): the list with states, one flag with its
 * history, create or replace, kill switch and rollout, delete, revert, and preview as a
 * member. Every change of an existing flag sends the version read (If-Match). Shapes from
 * functions/flags/schemas.ts and the model, functions/flags/model.ts.
 */
import type { FlagDefinition, FlagRule, FlagTarget } from '../../../functions/flags/model.js';
import {
  type FlagBody,
  type FlagDetail,
  type FlagHistoryEntryView,
  type FlagList,
  type FlagPatch,
  type FlagPreview,
  type FlagView,
  flagDetailSchema,
  flagListSchema,
  flagViewSchema,
  previewResponse,
} from '../../../functions/flags/schemas.js';
import { noContent, type Requester } from './request.js';

export type { FlagBody, FlagDefinition, FlagDetail, FlagHistoryEntryView, FlagList, FlagPatch, FlagPreview, FlagRule, FlagTarget, FlagView };

export interface FlagsApi {
  /** GET /api/flags: installation and fleet flags, each with its state. */
  listFlags(signal?: AbortSignal): Promise<FlagList>;
  /** GET /api/flags/{key}: both layers and the installation flag's history. */
  getFlag(key: string, signal?: AbortSignal): Promise<FlagDetail>;
  /** PUT /api/flags/{key}: create (no version) or replace (the version read). */
  saveFlag(key: string, body: FlagBody, version?: number): Promise<FlagView>;
  /** PATCH /api/flags/{key}: kill switch or a rollout's percentage. */
  patchFlag(key: string, patch: FlagPatch, version: number): Promise<FlagView>;
  /** DELETE /api/flags/{key}: history stays. */
  deleteFlag(key: string, version: number): Promise<void>;
  /** POST /api/flags/{key}/revert: an earlier version as a new one (no current version for a deleted flag). */
  revertFlag(key: string, toVersion: number, currentVersion?: number): Promise<FlagView>;
  /** POST /api/flags/preview: every flag's value for one member, with why. */
  previewFlags(userId: string): Promise<FlagPreview>;
}

const flagPath = (key: string) => `/api/flags/${encodeURIComponent(key)}` as const;
const ifMatch = (version: number | undefined): Record<string, string> => (version === undefined ? {} : { 'if-match': `"${version}"` });

export function flagsApi(send: Requester): FlagsApi {
  return {
    listFlags: (signal) => send({ method: 'GET', path: '/api/flags', response: flagListSchema, signal }),
    getFlag: (key, signal) => send({ method: 'GET', path: flagPath(key), response: flagDetailSchema, signal }),
    saveFlag: (key, body, version) => send({ method: 'PUT', path: flagPath(key), body, headers: ifMatch(version), response: flagViewSchema }),
    patchFlag: (key, patch, version) => send({ method: 'PATCH', path: flagPath(key), body: patch, headers: ifMatch(version), response: flagViewSchema }),
    deleteFlag: async (key, version) => {
      await send({ method: 'DELETE', path: flagPath(key), headers: ifMatch(version), response: noContent });
    },
    revertFlag: (key, toVersion, currentVersion) =>
      send({ method: 'POST', path: `${flagPath(key)}/revert`, body: { version: toVersion }, headers: ifMatch(currentVersion), response: flagViewSchema }),
    previewFlags: (userId) => send({ method: 'POST', path: '/api/flags/preview', body: { userId }, response: previewResponse }),
  };
}
