/**
 * Ownstack's OpenFeature provider: server side, in process, over the definitions cache
 * and `evaluateFlag`, so an evaluation never makes a network call once warm. The reason
 * and variant go in the resolution details, the explanation in `flagMetadata`. Values
 * only, never rules, leave through `evaluateAll` (for `/api/me`).
 *
 * The installation's standing (plan, features, ring, installation id) comes from the
 * license through the cache, never from the evaluation context: a caller cannot widen
 * what the plan includes by saying so.
 */
import {
  type Client,
  type EvaluationContext,
  FlagNotFoundError,
  NOOP_PROVIDER,
  type JsonValue,
  OpenFeature,
  type Provider,
  type ResolutionDetails,
  TypeMismatchError,
} from '@openfeature/server-sdk';
import { FlagDefinitionsCache, type FlagDefinitionsCacheOptions, type FlagSnapshot, type FlagSources, type InstallationStanding } from './definitions-cache.js';
import { evaluateFlag, type FlagContext, type FlagEvaluation, type FlagValue } from './evaluate.js';
import { ROLE_IDS } from './model.js';

type ValueType = 'boolean' | 'string' | 'number';

/** Our context from OpenFeature's: `targetingKey` is the user id; `groups` and `role` are attributes. */
export function flagContextOf(context: EvaluationContext, standing: InstallationStanding): FlagContext {
  const userId = typeof context.targetingKey === 'string' && context.targetingKey !== '' ? context.targetingKey : undefined;
  const groups = Array.isArray(context.groups) ? context.groups.filter((g): g is string => typeof g === 'string') : [];
  const role = ROLE_IDS.find((r) => r === context.role);
  const { plan, features, ring, installationId } = standing;
  return {
    plan,
    features,
    ring,
    groups,
    ...(installationId !== undefined ? { installationId } : {}),
    ...(userId !== undefined ? { userId } : {}),
    ...(role !== undefined ? { role } : {}),
  };
}

export class OwnstackFlagProvider implements Provider {
  readonly metadata = { name: 'ownstack-flags' } as const;
  readonly runsOn = 'server' as const;

  constructor(
    readonly cache: FlagDefinitionsCache,
    private readonly onLoadError: (error: unknown) => void = () => undefined,
  ) {}

  /** Loads the definitions once at start. A failure is reported, not fatal: each evaluation tries again and serves the code's default meanwhile. */
  async initialize(): Promise<void> {
    await this.cache.snapshot().catch(this.onLoadError);
  }

  async onClose(): Promise<void> {
    this.cache.close();
  }

  resolveBooleanEvaluation(flagKey: string, _default: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    return this.resolve(flagKey, context, 'boolean');
  }

  resolveStringEvaluation(flagKey: string, _default: string, context: EvaluationContext): Promise<ResolutionDetails<string>> {
    return this.resolve(flagKey, context, 'string');
  }

  resolveNumberEvaluation(flagKey: string, _default: number, context: EvaluationContext): Promise<ResolutionDetails<number>> {
    return this.resolve(flagKey, context, 'number');
  }

  /** Our variants are booleans, strings or numbers; asking for an object is a type mismatch (the caller gets its default). */
  async resolveObjectEvaluation<T extends JsonValue>(flagKey: string, _default: T, context: EvaluationContext): Promise<ResolutionDetails<T>> {
    const { evaluation } = await this.evaluate(flagKey, context);
    throw new TypeMismatchError(`Flag ${flagKey} serves ${typeof evaluation.value} values, not objects.`);
  }

  /** Every flag's value for one context: what the SPA may see of flags (no rules, no other users). */
  async evaluateAll(context: EvaluationContext): Promise<Record<string, FlagValue>> {
    const evaluations = await this.explainAll(context);
    return Object.fromEntries(Object.entries(evaluations).map(([key, evaluation]) => [key, evaluation.value]));
  }

  /** Every flag's evaluation with its explanation, for the admin's "preview as user". */
  async explainAll(context: EvaluationContext): Promise<Record<string, FlagEvaluation>> {
    const snapshot = await this.cache.snapshot();
    const flagContext = flagContextOf(context, snapshot.standing);
    const all: Record<string, FlagEvaluation> = {};
    for (const [key, layers] of snapshot.layers) {
      const evaluation = evaluateFlag(layers, flagContext);
      if (evaluation) all[key] = evaluation;
    }
    return all;
  }

  private async evaluate(flagKey: string, context: EvaluationContext): Promise<{ evaluation: FlagEvaluation; snapshot: FlagSnapshot }> {
    const snapshot = await this.cache.snapshot();
    const layers = snapshot.layers.get(flagKey);
    const evaluation = layers && evaluateFlag(layers, flagContextOf(context, snapshot.standing));
    if (!evaluation) throw new FlagNotFoundError(`No flag ${flagKey} is defined for this installation.`);
    return { evaluation, snapshot };
  }

  private async resolve<T extends FlagValue>(flagKey: string, context: EvaluationContext, type: ValueType): Promise<ResolutionDetails<T>> {
    const { evaluation, snapshot } = await this.evaluate(flagKey, context);
    if (typeof evaluation.value !== type) throw new TypeMismatchError(`Flag ${flagKey} serves ${typeof evaluation.value} values, not ${type}s.`);
    return {
      value: evaluation.value as T,
      variant: evaluation.variant,
      reason: evaluation.reason,
      flagMetadata: {
        explanation: evaluation.explanation,
        flagsVersion: snapshot.flagsVersion,
        ...(evaluation.layer ? { layer: evaluation.layer } : {}),
        ...(evaluation.ruleId ? { ruleId: evaluation.ruleId } : {}),
      },
    };
  }
}

export interface FlagClientOptions extends FlagDefinitionsCacheOptions {
  sources: FlagSources;
  /** The OpenFeature domain the provider is bound to. @default 'ownstack' */
  domain?: string;
}

export interface FlagClient {
  client: Client;
  provider: OwnstackFlagProvider;
  evaluateAll(context: EvaluationContext): Promise<Record<string, FlagValue>>;
  /** Unbinds the provider and stops its timer. */
  close(): Promise<void>;
}

/** Registers a provider over `sources` on a domain of the global OpenFeature API and returns that domain's client, ready. */
export async function createFlagClient(options: FlagClientOptions): Promise<FlagClient> {
  const { sources, domain = 'ownstack', ...cacheOptions } = options;
  const provider = new OwnstackFlagProvider(new FlagDefinitionsCache(sources, cacheOptions), cacheOptions.onRefreshError);
  await OpenFeature.setProviderAndWait(domain, provider);
  return {
    client: OpenFeature.getClient(domain),
    provider,
    evaluateAll: (context) => provider.evaluateAll(context),
    // Replacing it closes it (onClose); other domains keep their providers.
    close: () => OpenFeature.setProviderAndWait(domain, NOOP_PROVIDER),
  };
}
