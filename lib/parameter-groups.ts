/**
 * The console's view of the stack's parameters: each parameter module registers its
 * parameters here under a group, each with a label, and the stack's
 * `AWS::CloudFormation::Interface` metadata is built from the registry at synth. A
 * parameter defined anywhere in the stack without a group, a label or a description fails
 * the synth with its name (checked in every stack that registers at least one group, as
 * AppStack does in lib/app-parameters.ts), so a new parameter cannot reach the one-click
 * template unexplained.
 */
import { CfnParameter, Lazy, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export interface LabelledParameter {
  readonly parameter: CfnParameter;
  /** Shown in the console instead of the logical id, e.g. "Owner email". */
  readonly label: string;
}

interface Group {
  readonly label: string;
  readonly parameters: LabelledParameter[];
}

/**
 * Added by CDK's default synthesizer (bootstrap stack version), never by our code, and
 * absent from the release template (lib/release/synthesizer.ts).
 */
const SYNTHESIZER_PARAMETERS = new Set(['BootstrapVersion']);

const registries = new WeakMap<Stack, Group[]>();

/**
 * Registers parameters under a console group (created on first use; groups appear in the
 * order they were first registered). A parameter may be registered once.
 */
export function addParameterGroup(scope: IConstruct, label: string, parameters: LabelledParameter[]): void {
  const stack = Stack.of(scope);
  const groups = registryOf(stack);
  for (const entry of parameters) {
    const taken = groups.find((g) => g.parameters.some((p) => p.parameter === entry.parameter));
    if (taken) throw new Error(`Parameter ${entry.parameter.node.id} is already in the parameter group "${taken.label}".`);
    if (entry.label.trim() === '') throw new Error(`Parameter ${entry.parameter.node.id} needs a label.`);
  }
  const group = groups.find((g) => g.label === label) ?? groups[groups.push({ label, parameters: [] }) - 1];
  group?.parameters.push(...parameters);
}

function registryOf(stack: Stack): Group[] {
  const existing = registries.get(stack);
  if (existing) return existing;
  const groups: Group[] = [];
  registries.set(stack, groups);
  stack.templateOptions.metadata = {
    ...stack.templateOptions.metadata,
    'AWS::CloudFormation::Interface': Lazy.any({ produce: () => interfaceMetadata(groups) }),
  };
  stack.node.addValidation({ validate: () => unexplainedParameters(stack, groups) });
  return groups;
}

function interfaceMetadata(groups: Group[]) {
  const labelled = groups.flatMap((g) => g.parameters);
  return {
    ParameterGroups: groups.map((g) => ({ Label: { default: g.label }, Parameters: g.parameters.map((p) => p.parameter.logicalId) })),
    ParameterLabels: Object.fromEntries(labelled.map((p) => [p.parameter.logicalId, { default: p.label }])),
  };
}

/** One message per parameter of the stack that has no group and label, or no description. */
export function unexplainedParameters(stack: Stack, groups: readonly Group[] = registries.get(stack) ?? []): string[] {
  const registered = new Set(groups.flatMap((g) => g.parameters.map((p) => p.parameter)));
  return stack.node
    .findAll()
    .filter((c): c is CfnParameter => c instanceof CfnParameter && Stack.of(c) === stack && !SYNTHESIZER_PARAMETERS.has(c.node.id))
    .flatMap((parameter) => [
      ...(registered.has(parameter)
        ? []
        : [`Parameter ${parameter.node.id} has no console group and label: register it with addParameterGroup (lib/parameter-groups.ts).`]),
      ...(parameter.description?.trim() ? [] : [`Parameter ${parameter.node.id} has no description.`]),
    ]);
}
