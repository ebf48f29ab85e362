/**
 * cdk-nag's AwsSolutions and Serverless packs find nothing unacknowledged, and every
 * acknowledgment sits on the resource it concerns with a reason a reviewer can check.
 * `cdk synth` fails on any finding too (bin/ownstack.ts); this test says which.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { synthAppStack } from './support/synth-app-stack.js';

const { stack } = synthAppStack();

interface AcknowledgmentRecord {
  path: string;
  id: string;
  reason: string;
}

function acknowledgmentsUnder(scope: IConstruct): AcknowledgmentRecord[] {
  return scope.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ path: construct.node.path, id, reason }))),
    );
}

describe.each([
  ['AwsSolutions', new AwsSolutionsChecks()],
  ['Serverless', new ServerlessChecks()],
])('the %s pack', (_name, pack) => {
  const { violations } = pack.validateScope(stack);
  const describeViolations = () =>
    violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`).join('\n');

  it('reports no unacknowledged error', () => {
    expect(
      violations.filter((v) => v.severity === 'error'),
      describeViolations(),
    ).toEqual([]);
  });

  it('reports no unacknowledged warning', () => {
    expect(
      violations.filter((v) => v.severity === 'warning'),
      describeViolations(),
    ).toEqual([]);
  });
});

describe('the acknowledgments', () => {
  const acknowledgments = acknowledgmentsUnder(stack);

  it('exist (so the tests above are not vacuous)', () => {
    expect(acknowledgments.length).toBeGreaterThan(10);
  });

  it.each(acknowledgments.map((a) => [`${a.id} at ${a.path}`, a]))('%s gives a reason of several words', (_label, acknowledgment) => {
    const words = acknowledgment.reason.trim().split(/\s+/);
    expect(words.length).toBeGreaterThanOrEqual(8);
  });

  it('are placed on resources, never on the whole stack', () => {
    expect(acknowledgments.filter((a) => a.path === Stack.of(stack).node.path)).toEqual([]);
  });
});
