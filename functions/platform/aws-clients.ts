/**
 * AWS SDK clients with the local runtime's endpoint overrides. In Lambda no override is
 * set and the SDK's defaults apply; locally the same handlers talk to DynamoDB Local and
 * to the runtime's in-process stand-ins, which speak the same wire protocols. Each client
 * lives in the module of the one function that needs it, so no function loads an SDK
 * package it never calls (each costs tens of milliseconds at cold start).
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Config } from './config.js';

/** Options for a client talking to a local stand-in, which accepts any credentials (placeholders, not secrets). */
export const localClientOptions = (endpoint: string) => ({
  endpoint,
  region: process.env.AWS_REGION ?? 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

export const createEventBridgeClient = (config: Pick<Config, 'EVENTBRIDGE_ENDPOINT'>) =>
  new EventBridgeClient(config.EVENTBRIDGE_ENDPOINT ? localClientOptions(config.EVENTBRIDGE_ENDPOINT) : {});
