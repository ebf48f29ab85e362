/**
 * Representative events, shaped as AWS delivers them: an HTTP API payload 2.0 request
 * (with the JWT authorizer's verified claims for a private route), an SQS batch carrying
 * an EventBridge envelope, a table-stream INSERT of an outbox item, and a Cognito pre
 * token generation request.
 */
import { randomUUID } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent, PreTokenGenerationV2TriggerEvent, SQSEvent } from 'aws-lambda';
import { type DomainEvent, EVENT_SOURCE } from '../functions/events/domain.js';
import { outboxItem } from '../functions/events/outbox.js';
import type { ApiEvent } from '../functions/platform/router.js';

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** The route's path; with `params`, its template (`/api/documents/{documentId}`), as API Gateway's route key has it. */
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** A JSON body (sent as `application/json`). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Verified JWT claims, as the authorizer passes them (every value a string). */
  claims?: Record<string, string>;
}

/** The path with its parameters filled in, as a client sends it. */
export const concretePath = (path: string, params: Record<string, string> = {}): string =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? `{${name}}`));

export function apiEvent({ method, path, params, query, body, headers, claims }: ApiRequest): ApiEvent {
  const routeKey = `${method} ${path}`;
  const rawPath = concretePath(path, params);
  const rawQueryString = new URLSearchParams(query ?? {}).toString();
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    headers: {
      accept: 'application/json',
      host: 'bench.local',
      'user-agent': 'ownstack-bench',
      'x-forwarded-proto': 'https',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(query ? { queryStringParameters: query } : {}),
    ...(params ? { pathParameters: params } : {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'bench.local',
      domainPrefix: 'bench',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'ownstack-bench' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } } } : {}),
    },
  };
}

/** A domain event as the API writes it; a fresh id each call, so every delivery does work. */
export function aDomainEvent(userId: string): DomainEvent {
  return {
    id: randomUUID(),
    type: 'identity.user.joined',
    version: 1,
    occurredAt: new Date().toISOString(),
    actor: { userId, via: 'session', ip: '203.0.113.9', userAgent: 'ownstack-bench' },
    subject: { kind: 'user', id: userId },
    data: { email: 'someone@example.com', role: 'member' },
  };
}

/** One SQS message whose body is the EventBridge envelope the bus rule delivers. */
export function sqsBatchOf(event: DomainEvent): SQSEvent {
  const body = JSON.stringify({
    version: '0',
    id: randomUUID(),
    'detail-type': event.type,
    source: EVENT_SOURCE,
    account: '000000000000',
    time: event.occurredAt,
    region: 'us-east-1',
    resources: [],
    detail: event,
  });
  const now = String(Date.now());
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: 'bench',
        body,
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: now, SenderId: 'bench', ApproximateFirstReceiveTimestamp: now },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ownstack-jobs',
        awsRegion: 'us-east-1',
      },
    ],
  };
}

/** One stream INSERT of the event's outbox item, as the filtered event source mapping passes it. */
export function streamBatchOf(event: DomainEvent): DynamoDBStreamEvent {
  return { Records: [streamRecordOf(outboxItem(event), String(Date.now()))] };
}

type StreamRecord = DynamoDBStreamEvent['Records'][number];

/** The stream record of an item's INSERT (NEW_IMAGE view), with the sequence number given. */
export function streamRecordOf(item: { pk: string; sk: string }, sequenceNumber: string): StreamRecord {
  const image = marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue>;
  return {
    eventID: randomUUID(),
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/ownstack/stream/bench',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: { pk: { S: item.pk }, sk: { S: item.sk } },
      NewImage: image as NonNullable<NonNullable<StreamRecord['dynamodb']>['NewImage']>,
      SequenceNumber: sequenceNumber,
      SizeBytes: Buffer.byteLength(JSON.stringify(image)),
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

export function preTokenEvent(): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_HostedAuth',
    region: 'us-east-1',
    userPoolId: 'us-east-1_bench',
    userName: 'bench-user',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'bench-client' },
    request: {
      userAttributes: { sub: randomUUID(), email: 'someone@example.com', email_verified: 'true', name: 'Some One' },
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
      scopes: ['openid', 'email', 'profile'],
    },
    response: { claimsAndScopeOverrideDetails: {} },
  };
}
