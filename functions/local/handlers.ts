/**
 * Loads the application's Lambda entry points, unchanged, from the paths the function
 * catalog declares. They read their configuration from the environment at import time,
 * so the environment is set first. A second runtime in the same process (a restart in a
 * test) gets fresh module instances, hence fresh configuration.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type FunctionName, functionCatalog } from '../catalog.js';
import type { ApiEvent } from '../platform/router.js';
import type { LambdaHandler } from './lambda-invoker.js';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface HandlerEnvironment {
  TABLE_NAME: string;
  DYNAMODB_ENDPOINT: string;
  EVENT_BUS_NAME: string;
  EVENTBRIDGE_ENDPOINT: string;
  SQS_ENDPOINT: string;
  JOB_QUEUE_URL: string;
  USER_POOL_ID: string;
  COGNITO_ENDPOINT: string;
  BLOB_BUCKET: string;
  S3_ENDPOINT: string;
  INITIAL_OWNER_EMAIL: string;
  OWNSTACK_VERSION: string;
  POWERTOOLS_LOG_LEVEL: string;
  /** The release manifest the update check reads (a file: URL, or a loopback URL). */
  UPDATE_MANIFEST_URL?: string;
  /** The installation's own origin (the local server). */
  WEB_ORIGIN?: string;
  /** The local control plane ('' when there is none) and its license public key. */
  CONTROL_PLANE_URL?: string;
  VENDOR_PUBLIC_KEY?: string;
  TELEMETRY?: 'on' | 'off';
}

export interface LocalHandlers {
  api: LambdaHandler<ApiEvent, unknown>;
  jobWorker: LambdaHandler<SQSEvent, SQSBatchResponse | undefined>;
  outboxPublisher: LambdaHandler<DynamoDBStreamEvent, DynamoDBBatchResponse | undefined>;
}

let loads = 0;

export async function loadHandlers(environment: HandlerEnvironment): Promise<LocalHandlers> {
  Object.assign(process.env, environment, {
    OWNSTACK_RUNTIME: 'local',
    AWS_REGION: 'local',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  loads += 1;
  const instance = loads === 1 ? '' : `?local-runtime=${loads}`;
  const load = async (name: FunctionName) => {
    const module = (await import(pathToFileURL(join(repositoryRoot, functionCatalog[name].entry)).href + instance)) as { handler?: unknown };
    if (typeof module.handler !== 'function') throw new Error(`${functionCatalog[name].entry} exports no handler function.`);
    return module.handler;
  };
  return {
    api: (await load('api')) as LocalHandlers['api'],
    jobWorker: (await load('jobWorker')) as LocalHandlers['jobWorker'],
    outboxPublisher: (await load('outboxPublisher')) as LocalHandlers['outboxPublisher'],
  };
}
