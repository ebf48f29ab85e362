/**
 * Scheduled jobs: each catalog entry is a schedule rule that puts exactly the job message
 * the worker knows on the job queue, with a DLQ for what EventBridge cannot deliver.
 */
import { describe, expect, it } from 'vitest';
import { scheduledJobs } from '../../functions/catalog.js';
import { parseQueueMessage } from '../../functions/jobs/messages.js';
import { PURGE_JOB_TYPE } from '../../functions/projects/purge.js';
import { resourcesOfType, synthAppStack } from './support/synth-app-stack.js';

const { template } = synthAppStack();
// Rules that put a job on a queue (no role needed); the upgrade pipeline's hourly rule starts a state machine with a role (upgrade-pipeline.test.ts).
const scheduled = resourcesOfType(template, 'AWS::Events::Rule').filter(
  ([, rule]) => rule.Properties.ScheduleExpression && rule.Properties.Targets.every((t: { RoleArn?: unknown }) => t.RoleArn === undefined),
);

describe('scheduled jobs', () => {
  it('purges the trash daily through the job queue', () => {
    const purge = scheduledJobs.find((j) => j.message.type === PURGE_JOB_TYPE);
    expect(purge?.everyHours).toBe(24);
    expect(scheduled).toHaveLength(scheduledJobs.length);
    const [[, rule] = []] = scheduled;
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 day)');
    const [target] = rule.Properties.Targets;
    expect(parseQueueMessage(target.Input)).toMatchObject({ kind: 'job', type: PURGE_JOB_TYPE });
    expect(target.DeadLetterConfig.Arn).toBeDefined();
  });
});
