/**
 * AWS SDK clients with the local runtime's endpoint overrides. In Lambda no override is
 * set and the SDK's defaults apply; locally the same handlers talk to DynamoDB Local and
 * to the runtime's in-process queue and bus, which speak the same wire protocols.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Config } from './config.js';

// Local stand-ins accept any credentials; these are placeholders, not secrets.
const localOptions = (endpoint: string) => ({
  endpoint,
  region: process.env.AWS_REGION ?? 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

export const createEventBridgeClient = (config: Pick<Config, 'EVENTBRIDGE_ENDPOINT'>) =>
  new EventBridgeClient(config.EVENTBRIDGE_ENDPOINT ? localOptions(config.EVENTBRIDGE_ENDPOINT) : {});

export const createSqsClient = (config: Pick<Config, 'SQS_ENDPOINT'>) => new SQSClient(config.SQS_ENDPOINT ? localOptions(config.SQS_ENDPOINT) : {});

export const createCognitoClient = (config: Pick<Config, 'COGNITO_ENDPOINT'>) =>
  new CognitoIdentityProviderClient(config.COGNITO_ENDPOINT ? localOptions(config.COGNITO_ENDPOINT) : {});
