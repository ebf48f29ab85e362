/** Lambda entry point of the upgrade pipeline's steps (Step Functions tasks). Wiring only. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { z } from 'zod';
import { loadConfig } from '../platform/config.js';
import { createDocumentClient } from '../platform/dynamo.js';
import { ulidSource } from '../platform/ids.js';
import { createObservability } from '../platform/observability.js';
import { systemClock } from '../platform/ports.js';
import { cloudFormationDeployment } from '../upgrades/cloudformation.js';
import { manifestSource } from '../upgrades/manifest.js';
import { type PipelineDeps, runStep, type StepInput } from '../upgrades/pipeline.js';
import { fetchHealth } from '../upgrades/smoke.js';
import { dynamoUpdateStore } from '../upgrades/store.js';
import { parseWindow } from '../upgrades/window.js';

const { logger, tracer } = createObservability('upgrade-pipeline');
const config = loadConfig();
// Set by lib/constructs/upgrade-pipeline.ts; the stack's own name and URL, and its alarms when they are on.
const pipelineEnv = z.object({ STACK_NAME: z.string().min(1), APP_URL: z.url(), ROLLBACK_ALARM_ARNS: z.string().default('') }).parse(process.env);
if (!config.UPDATE_MANIFEST_URL) throw new Error('UPDATE_MANIFEST_URL is not set: the pipeline has no manifest to read.');

const db = createDocumentClient(config);
const deps: PipelineDeps = {
  stackName: pipelineEnv.STACK_NAME,
  appUrl: pipelineEnv.APP_URL,
  deployedVersion: config.OWNSTACK_VERSION,
  channel: config.UPDATE_CHANNEL,
  mode: config.AUTO_UPDATE,
  window: parseWindow(config.MAINTENANCE_WINDOW),
  alarmArns: pipelineEnv.ROLLBACK_ALARM_ARNS.split(',').filter((arn) => arn.startsWith('arn:')),
  manifest: manifestSource(config.UPDATE_MANIFEST_URL),
  deployment: cloudFormationDeployment(tracer.captureAWSv3Client(new CloudFormationClient({}))),
  store: dynamoUpdateStore(db, config.TABLE_NAME),
  clock: systemClock,
  ids: ulidSource,
  health: fetchHealth,
};

export const handler = middy(async (input: StepInput) => {
  const output = await runStep(input, deps);
  logger.info('upgrade step done', { step: input.step, output });
  return output;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(captureLambdaHandler(tracer));
