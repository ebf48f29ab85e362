/**
 * What a release template must satisfy to be launched from a link in any account: no
 * trace of CDK's bootstrap, within CloudFormation's limits, every parameter explained
 * (description, type, constraint, console group and label), no credential, and the app's
 * URL among the outputs. Pure functions over the parsed template, shared by the release
 * build, `npm run release:verify` and the tests.
 */

/** CloudFormation's limit for a template read from S3 (TemplateURL): 1 MB. */
export const MAX_TEMPLATE_BYTES = 1_048_576;
/** CloudFormation's limit of resources per stack. */
export const MAX_RESOURCES = 500;

// biome-ignore lint/suspicious/noExplicitAny: a CloudFormation template is untyped JSON.
type Template = any;

const CONSTRAINTS = ['AllowedValues', 'AllowedPattern', 'MinValue', 'MaxValue', 'MinLength', 'MaxLength'];
/** What CDK's bootstrap leaves in a template: its version parameter and rule, its bucket, roles and SSM parameter. */
const BOOTSTRAP_TRACES = [/BootstrapVersion/, /cdk-[a-z0-9]{9}-/, /\/cdk-bootstrap\//];
/** An AWS access key id, in any string. */
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;

export interface TemplateFigures {
  resourceCount: number;
  parameterCount: number;
  /** Parameters without a default: what a customer must type to launch. */
  requiredParameters: string[];
}

export function templateFigures(template: Template): TemplateFigures {
  const parameters = Object.entries<Template>(template.Parameters ?? {});
  return {
    resourceCount: Object.keys(template.Resources ?? {}).length,
    parameterCount: parameters.length,
    requiredParameters: parameters.filter(([, p]) => p.Default === undefined).map(([name]) => name),
  };
}

/** Every way the template falls short, one message each; empty when it is fit to release. */
export function templateProblems(template: Template, templateBytes: number): string[] {
  const problems: string[] = [];
  if (templateBytes > MAX_TEMPLATE_BYTES) problems.push(`The template is ${templateBytes} bytes; CloudFormation accepts at most ${MAX_TEMPLATE_BYTES}.`);
  const { resourceCount } = templateFigures(template);
  if (resourceCount > MAX_RESOURCES) problems.push(`The template has ${resourceCount} resources; CloudFormation accepts at most ${MAX_RESOURCES}.`);

  const body = JSON.stringify(template);
  for (const trace of BOOTSTRAP_TRACES) {
    if (trace.test(body)) problems.push(`The template mentions CDK's bootstrap (${trace.source}): it must deploy in an account never bootstrapped.`);
  }
  if (ACCESS_KEY_ID.test(body)) problems.push('The template contains what looks like an AWS access key id.');

  const ui = template.Metadata?.['AWS::CloudFormation::Interface'] ?? {};
  const grouped = new Set<string>((ui.ParameterGroups ?? []).flatMap((g: Template) => g.Parameters ?? []));
  const labels = ui.ParameterLabels ?? {};
  for (const [name, parameter] of Object.entries<Template>(template.Parameters ?? {})) {
    if (!parameter.Description?.trim()) problems.push(`Parameter ${name} has no description.`);
    if (!parameter.Type) problems.push(`Parameter ${name} has no type.`);
    if (!CONSTRAINTS.some((c) => parameter[c] !== undefined)) problems.push(`Parameter ${name} has no constraint (${CONSTRAINTS.join(', ')}).`);
    if (!grouped.has(name)) problems.push(`Parameter ${name} is in no console parameter group.`);
    if (!labels[name]?.default?.trim()) problems.push(`Parameter ${name} has no console label.`);
    const secretLike = /secret|password|token|accesskey/i.test(name);
    if (secretLike && parameter.NoEcho !== true && parameter.NoEcho !== 'true') problems.push(`Parameter ${name} looks like a credential but is not NoEcho.`);
    if ((parameter.NoEcho === true || parameter.NoEcho === 'true') && parameter.Default)
      problems.push(`Parameter ${name} is NoEcho but has a default value: a credential in the template.`);
  }
  if (!template.Outputs?.AppUrl) problems.push('The outputs have no AppUrl: the customer would not know where the app is.');
  return problems;
}
