/**
 * Answers the pipeline's approval step (a `.waitForTaskToken` task) with the admin's
 * decision. In AWS that is Step Functions' SendTaskSuccess or SendTaskFailure; the local
 * runtime runs no pipeline, so there the decision is only recorded in the table.
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { Conflict } from '../platform/errors.js';

export type ApprovalDecision = 'approve' | 'reject';

export interface PipelineApprovals {
  answer(taskToken: string, decision: ApprovalDecision, by: string): Promise<void>;
}

/** Errors Step Functions gives for a token it no longer waits on (timed out, or already answered). */
const GONE = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

export function stepFunctionsApprovals(client = new SFNClient({})): PipelineApprovals {
  return {
    async answer(taskToken, decision, by) {
      try {
        if (decision === 'approve') await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ approvedBy: by }) }));
        else await client.send(new SendTaskFailureCommand({ taskToken, error: 'UpgradeRejected', cause: `Rejected by ${by}` }));
      } catch (error) {
        if (GONE.has((error as Error).name)) throw new Conflict('The pipeline no longer waits for this approval (it timed out or was answered).');
        throw error;
      }
    },
  };
}

export const localApprovals: PipelineApprovals = {
  async answer() {
    // No Step Functions locally: the recorded decision is the whole effect.
  },
};
