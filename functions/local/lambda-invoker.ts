/**
 * Invokes a Lambda handler in process, as the Lambda service would: with a context that
 * carries the function's memory and deadline from the catalog, and a timeout that fails
 * the invocation (the handler itself cannot be stopped, but its result is then ignored).
 */
import type { Context } from 'aws-lambda';
import { type FunctionName, functionCatalog } from '../catalog.js';
import { lambdaContext } from './lambda-context.js';

export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R>;

export class LambdaTimeout extends Error {
  override readonly name = 'LambdaTimeout';
}

export function lambdaInvoker<E, R>(name: FunctionName, handler: LambdaHandler<E, R>) {
  const declaration = functionCatalog[name];
  return async function invoke(event: E, requestId?: string): Promise<R> {
    const context = lambdaContext(name, declaration, requestId);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LambdaTimeout(`Task timed out after ${declaration.timeoutSeconds} seconds`)), declaration.timeoutSeconds * 1000);
    });
    try {
      return await Promise.race([handler(event, context), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
