/**
 * The pipeline's CloudFormation calls, behind a port: the step handlers ask questions in
 * the domain's words, this adapter turns them into SDK calls on the installation's own
 * stack. Thin on purpose: decisions live in change-set.ts and outcome.ts.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  type CreateChangeSetCommandInput,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateSummaryCommand,
} from '@aws-sdk/client-cloudformation';

export interface StackDeployment {
  /** The stack's parameter keys today. */
  parameterKeys(stackName: string): Promise<string[]>;
  /** What a template at a URL declares: its parameters (with whether each has a default) and capabilities. */
  templateSummary(templateUrl: string): Promise<{ parameters: { key: string; hasDefault: boolean }[]; capabilities: string[] }>;
  createChangeSet(request: CreateChangeSetCommandInput): Promise<void>;
  changeSetStatus(stackName: string, changeSetName: string): Promise<{ status?: string; reason?: string }>;
  deleteChangeSet(stackName: string, changeSetName: string): Promise<void>;
  executeChangeSet(stackName: string, changeSetName: string): Promise<void>;
  stackStatus(stackName: string): Promise<{ status?: string; reason?: string }>;
}

export function cloudFormationDeployment(client = new CloudFormationClient({})): StackDeployment {
  const describeStack = async (stackName: string) => {
    const { Stacks = [] } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const [stack] = Stacks;
    if (!stack) throw new Error(`Stack ${stackName} was not found.`);
    return stack;
  };
  return {
    async parameterKeys(stackName) {
      const stack = await describeStack(stackName);
      return (stack.Parameters ?? []).flatMap((p) => (p.ParameterKey ? [p.ParameterKey] : []));
    },
    async templateSummary(templateUrl) {
      const summary = await client.send(new GetTemplateSummaryCommand({ TemplateURL: templateUrl }));
      return {
        parameters: (summary.Parameters ?? []).flatMap((p) => (p.ParameterKey ? [{ key: p.ParameterKey, hasDefault: p.DefaultValue !== undefined }] : [])),
        capabilities: summary.Capabilities ?? [],
      };
    },
    async createChangeSet(request) {
      await client.send(new CreateChangeSetCommand(request));
    },
    async changeSetStatus(stackName, changeSetName) {
      const result = await client.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
      return { status: result.Status, reason: result.StatusReason };
    },
    async deleteChangeSet(stackName, changeSetName) {
      await client.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
    },
    async executeChangeSet(stackName, changeSetName) {
      // The change set carries the rollback triggers; keep the stack's own rollback on failure.
      await client.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName, DisableRollback: false }));
    },
    async stackStatus(stackName) {
      const stack = await describeStack(stackName);
      return { status: stack.StackStatus, reason: stack.StackStatusReason };
    },
  };
}
