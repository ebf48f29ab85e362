/**
 * Vitest global setup of the integration project: one DynamoDB Local (in memory, on a
 * free port) for the whole run, stopped at teardown. Test files reach it through
 * `inject('dynamoEndpoint')` and each creates its own table (./table.ts), so files share
 * a process but never state.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the DynamoDB Local shared by the integration test files. */
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
