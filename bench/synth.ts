/**
 * Synthesizes the CDK app into a directory of the bench's own (never ./cdk.out, which
 * people and tests use) and finds our Lambda functions in the template: each by its
 * Description, which the stack copies from the function catalog.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FunctionName, functionCatalog } from '../functions/catalog.js';

export interface SynthesizedFunction {
  name: FunctionName;
  logicalId: string;
  /** The bundle's folder: index.mjs and whatever was copied beside it. */
  assetDir: string;
  /** Environment variables as the template sets them: strings or CloudFormation intrinsics. */
  environment: Record<string, unknown>;
  /** The template's parameters that have a default, by logical id. */
  parameterDefaults: Record<string, string>;
}

export interface SynthResult {
  wallMs: number;
  outDir: string;
  functions: SynthesizedFunction[];
  /** Functions in the template that are not ours (CDK's own providers), by logical id. */
  otherFunctions: string[];
}

interface Template {
  Parameters?: Record<string, { Default?: unknown }>;
  Resources?: Record<string, TemplateResource>;
}

interface TemplateResource {
  Type: string;
  Properties?: { Description?: string; Environment?: { Variables?: Record<string, unknown> } };
  Metadata?: Record<string, unknown>;
}

/** Runs `npx cdk synth --quiet -o <outDir>` from the repository root and times it. */
export async function synthesize(repositoryRoot: string, outDir: string): Promise<SynthResult> {
  const started = performance.now();
  // Only the application plane: the control plane's functions are not what the bench measures.
  await run('npx', ['cdk', 'synth', 'OwnstackApp', '--quiet', '-o', outDir], repositoryRoot);
  const wallMs = performance.now() - started;
  return { wallMs, outDir, ...functionsIn(outDir) };
}

function functionsIn(outDir: string): Pick<SynthResult, 'functions' | 'otherFunctions'> {
  const templates = readdirSync(outDir).filter((f) => f.endsWith('.template.json'));
  const byDescription = new Map(Object.entries(functionCatalog).map(([name, d]) => [d.description as string, name as FunctionName]));
  const functions: SynthesizedFunction[] = [];
  const otherFunctions: string[] = [];
  for (const file of templates) {
    const template = JSON.parse(readFileSync(join(outDir, file), 'utf8')) as Template;
    const parameterDefaults = Object.fromEntries(
      Object.entries(template.Parameters ?? {}).flatMap(([id, p]) => (p.Default === undefined ? [] : [[id, String(p.Default)]])),
    );
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const name = byDescription.get(resource.Properties?.Description ?? '');
      const assetPath = resource.Metadata?.['aws:asset:path'];
      if (!name || typeof assetPath !== 'string') {
        otherFunctions.push(logicalId);
        continue;
      }
      functions.push({ name, logicalId, assetDir: join(outDir, assetPath), environment: resource.Properties?.Environment?.Variables ?? {}, parameterDefaults });
    }
  }
  const missing = Object.keys(functionCatalog).filter((name) => !functions.some((f) => f.name === name));
  if (missing.length > 0) {
    throw new Error(`The synthesized template has no function for catalog entries ${missing.join(', ')} (matched by Description). Did the stack change?`);
  }
  return { functions, otherFunctions };
}

/**
 * The function's environment as Lambda would see it: literal values kept; an intrinsic
 * replaced by the bench's stand-in for that variable if it has one, else, for a reference
 * to a stack parameter, by the parameter's default.
 */
export function resolveEnvironment(fn: SynthesizedFunction, standIns: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(fn.environment)) {
    const ref = (value as { Ref?: unknown } | null)?.Ref;
    const resolved = typeof value === 'string' ? value : (standIns[name] ?? (typeof ref === 'string' ? fn.parameterDefaults[ref] : undefined));
    if (resolved === undefined) {
      throw new Error(
        `${fn.name}: environment variable ${name} is ${JSON.stringify(value)} in the template; give the bench a stand-in for it (bench/cold-start-variants.ts).`,
      );
    }
    env[name] = resolved;
  }
  return env;
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}):\n${output.join('').slice(-4000)}`));
    });
  });
}
