/**
 * `npx tsx scripts/release/parameter-table.ts`: prints the parameter tables of
 * docs/operator-guide.md from a synthesized AppStack (groups, labels, defaults,
 * constraints and descriptions as the console shows them). No bundling, no AWS.
 */
import { App } from 'aws-cdk-lib';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppStack } from '../../lib/app-stack.js';

const scratch = mkdtempSync(join(tmpdir(), 'ownstack-parameter-table-'));
try {
  // The stack insists on an SPA build; its content does not matter to the parameters.
  mkdirSync(join(scratch, 'site'));
  writeFileSync(join(scratch, 'site', 'index.html'), '<!doctype html>');
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, outdir: join(scratch, 'out') });
  const stack = new AppStack(app, 'OwnstackApp', { siteAssetPath: join(scratch, 'site') });
  console.log(parameterTables(app.synth().getStackArtifact(stack.artifactId).template).join('\n'));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** The parts of a synthesized template the tables read. */
interface ParameterTemplate {
  Metadata: {
    'AWS::CloudFormation::Interface': {
      ParameterGroups: { Label: { default: string }; Parameters: string[] }[];
      ParameterLabels: Record<string, { default: string }>;
    };
  };
  Parameters: Record<
    string,
    {
      Default?: string | number;
      AllowedValues?: string[];
      AllowedPattern?: string;
      MinValue?: number;
      MaxValue?: number;
      MaxLength?: number;
      NoEcho?: boolean;
      Description: string;
    }
  >;
}

function parameterTables(template: ParameterTemplate): string[] {
  const ui = template.Metadata['AWS::CloudFormation::Interface'];
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const rows: string[] = [];
  for (const group of ui.ParameterGroups) {
    rows.push(`\n### ${group.Label.default}\n\n| parameter (label) | default | allowed | what it does |\n|---|---|---|---|`);
    for (const name of group.Parameters) {
      const p = template.Parameters[name];
      if (!p) throw new Error(`Parameter group ${group.Label.default} names ${name}, which the template does not define.`);
      const allowed =
        (p.AllowedValues?.length ?? 0) > 8 && p.AllowedValues
          ? `one of ${p.AllowedValues[0]} to ${p.AllowedValues.at(-1)}`
          : p.AllowedValues
            ? p.AllowedValues.map((v: string) => `\`${v}\``).join(', ')
            : [
                p.MinValue !== undefined ? `${p.MinValue} to ${p.MaxValue}` : '',
                p.AllowedPattern ? `pattern \`${cell(p.AllowedPattern)}\`` : '',
                p.MaxLength ? `at most ${p.MaxLength} characters` : '',
              ]
                .filter(Boolean)
                .join('; ');
      const fallback = p.Default === undefined ? '(required)' : p.Default === '' ? '(empty)' : `\`${p.Default}\``;
      rows.push(
        `| \`${name}\` (${ui.ParameterLabels[name]?.default ?? name}) | ${fallback} | ${allowed}${p.NoEcho ? '; NoEcho' : ''} | ${cell(p.Description)} |`,
      );
    }
  }
  return rows;
}
