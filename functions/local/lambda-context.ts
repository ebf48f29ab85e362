/** A Lambda `Context` for an in-process invocation, with the function's catalog settings. */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { FunctionDeclaration } from '../catalog.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './local-aws.js';

export function lambdaContext(name: string, declaration: Pick<FunctionDeclaration, 'memoryMb' | 'timeoutSeconds'>, requestId: string = randomUUID()): Context {
  const functionName = `ownstack-local-${name}`;
  const deadline = Date.now() + declaration.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: String(declaration.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
