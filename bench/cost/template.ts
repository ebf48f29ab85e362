/**
 * The synthesized CloudFormation template as the cost model reads it: which resources a
 * deployment with given parameter values creates (conditions evaluated the way
 * CloudFormation does), and which of our catalog functions each Lambda is.
 */
import { functionCatalog, type FunctionName } from '../../functions/catalog.js';

// biome-ignore lint/suspicious/noExplicitAny: template properties are untyped JSON, read by path.
export type CfnJson = any;

export interface CfnResource {
  Type: string;
  Condition?: string;
  Properties?: CfnJson;
}

export interface CfnTemplate {
  Parameters?: Record<string, { Default?: unknown }>;
  Conditions?: Record<string, CfnJson>;
  Resources: Record<string, CfnResource>;
}

/** Pseudo parameters as a us-east-1 deployment sees them. */
const PSEUDO: Record<string, string> = { 'AWS::Region': 'us-east-1', 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' };

/** Parameter values: the template's defaults, then the given ones over them. */
export function parameterValues(template: CfnTemplate, given: Record<string, string> = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [id, parameter] of Object.entries(template.Parameters ?? {})) {
    if (parameter.Default !== undefined) values[id] = String(parameter.Default);
  }
  for (const [id, value] of Object.entries(given)) {
    if (!template.Parameters?.[id]) throw new Error(`The template has no parameter ${id}.`);
    values[id] = value;
  }
  return values;
}

/** Evaluates a condition expression; anything it cannot decide is an error, never a guess. */
export function evaluateCondition(template: CfnTemplate, expression: CfnJson, parameters: Record<string, string>): boolean {
  const value = (operand: CfnJson): string => {
    if (typeof operand === 'string') return operand;
    if (operand && typeof operand.Ref === 'string') {
      const resolved = parameters[operand.Ref] ?? PSEUDO[operand.Ref];
      if (resolved === undefined) throw new Error(`Cannot evaluate a condition on Ref ${operand.Ref}: no value for it.`);
      return resolved;
    }
    throw new Error(`Cannot evaluate the condition operand ${JSON.stringify(operand)}.`);
  };
  const [fn, args]: [string | undefined, CfnJson] = Object.entries(expression ?? {})[0] ?? [undefined, undefined];
  switch (fn) {
    case 'Fn::Equals':
      return value(args[0]) === value(args[1]);
    case 'Fn::Not':
      return !evaluateCondition(template, args[0], parameters);
    case 'Fn::And':
      return (args as CfnJson[]).every((a) => evaluateCondition(template, a, parameters));
    case 'Fn::Or':
      return (args as CfnJson[]).some((a) => evaluateCondition(template, a, parameters));
    case 'Condition':
      return conditionHolds(template, args, parameters);
    default:
      throw new Error(`Cannot evaluate the condition ${JSON.stringify(expression)}.`);
  }
}

function conditionHolds(template: CfnTemplate, name: string, parameters: Record<string, string>): boolean {
  const expression = template.Conditions?.[name];
  if (expression === undefined) throw new Error(`The template has no condition ${name}.`);
  return evaluateCondition(template, expression, parameters);
}

/** The resources a stack created with these parameter values would hold, by logical id. */
export function resourcesCreated(template: CfnTemplate, parameters: Record<string, string>): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Condition === undefined || conditionHolds(template, r.Condition, parameters));
}

export interface TemplateFunction {
  name: FunctionName;
  logicalId: string;
  memoryMb: number;
  architecture: 'arm64' | 'x86_64';
}

/** Our catalog functions in the template (matched by Description, which the stack copies from the catalog). */
export function catalogFunctions(template: CfnTemplate): Map<FunctionName, TemplateFunction> {
  const byDescription = new Map(Object.entries(functionCatalog).map(([name, d]) => [d.description as string, name as FunctionName]));
  const found = new Map<FunctionName, TemplateFunction>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const name = byDescription.get(resource.Properties?.Description ?? '');
    if (!name) continue;
    const architectures: string[] = resource.Properties?.Architectures ?? ['x86_64'];
    found.set(name, {
      name,
      logicalId,
      memoryMb: Number(resource.Properties?.MemorySize ?? 128),
      architecture: architectures.includes('arm64') ? 'arm64' : 'x86_64',
    });
  }
  const missing = Object.keys(functionCatalog).filter((name) => !found.has(name as FunctionName));
  if (missing.length > 0) throw new Error(`The template has no function for catalog entries ${missing.join(', ')} (matched by Description).`);
  return found;
}
