import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Conflict } from '../../../functions/platform/errors.js';
import { defineRoute, Reply } from '../../../functions/platform/route.js';
import { createRouter } from '../../../functions/platform/router.js';
import { routes } from '../../../functions/routes.js';
import type { Services } from '../../../functions/services.js';
import { aUser, anApiEvent, inMemoryUsers, silentLogger, testServices } from '../builders.js';

const echo = defineRoute({
  method: 'POST',
  path: '/api/echo/{name}',
  operationId: 'echo',
  summary: 'test route',
  tag: 'test',
  access: { action: 'self:read' },
  params: z.object({ name: z.string().max(5) }),
  body: z.object({ text: z.string().min(1) }),
  maxBodyBytes: 100,
  response: z.object({ name: z.string(), text: z.string(), by: z.string() }),
  status: 201,
  async handle({ params, body, principal }) {
    return new Reply({ name: params.name, text: body.text, by: principal?.userId ?? '' }, 201, { etag: '"1"' });
  },
});
const conflicting = defineRoute({
  method: 'GET',
  path: '/api/conflict',
  operationId: 'conflict',
  summary: 'test route',
  tag: 'test',
  access: { public: true },
  response: z.object({}),
  async handle() {
    throw new Conflict('It changed under you.', { currentVersion: 7 });
  },
});
const crashing = defineRoute({
  method: 'GET',
  path: '/api/crash',
  operationId: 'crash',
  summary: 'test route',
  tag: 'test',
  access: { public: true },
  response: z.object({}),
  async handle() {
    throw new Error('secret internal detail');
  },
});

const claims = { sub: 'user-1', email: 'ada@example.com', email_verified: 'true' };

function routerWith(
  services: Services = testServices({ users: inMemoryUsers([aUser()]), joinPolicy: { initialOwnerEmail: 'owner@example.com', idpGroupRoleMapping: '' } }),
) {
  return createRouter([...routes, echo, conflicting, crashing], { services, logger: silentLogger() });
}

const json = (body: unknown) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const problemOf = (result: { body: string }) => JSON.parse(result.body) as { status: number; type: string; title: string; detail?: string };

describe('router', () => {
  it('serves a public route without any token', async () => {
    const result = await routerWith().handle(anApiEvent('GET /api/health'));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'ok', version: '1.2.3' });
    expect(result.headers['cache-control']).toBe('no-store');
  });

  it('refuses a private route without verified claims with 401 problem+json and a Bearer challenge', async () => {
    const result = await routerWith().handle(anApiEvent('GET /api/me'));
    expect(result.statusCode).toBe(401);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(result.headers['www-authenticate']).toBe('Bearer');
    expect(problemOf(result)).toMatchObject({ status: 401, title: 'Unauthenticated' });
  });

  it('answers GET /api/me with the stored role, not anything the client sent', async () => {
    const users = inMemoryUsers([aUser({ role: 'viewer' })]);
    const event = anApiEvent('GET /api/me', { claims, headers: { 'x-role': 'owner', 'x-user-id': 'someone-else' } });
    const result = await routerWith(testServices({ users })).handle(event);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ user: { id: 'user-1', role: 'viewer' }, entitlements: { plan: 'community', source: 'community-default' } });
  });

  it('refuses a deactivated user at once, even with a valid token', async () => {
    const users = inMemoryUsers([aUser({ status: 'deactivated' })]);
    const result = await routerWith(testServices({ users })).handle(anApiEvent('GET /api/me', { claims }));
    expect(result.statusCode).toBe(401);
  });

  it('creates the user on first sign-in', async () => {
    const users = inMemoryUsers();
    const result = await routerWith(testServices({ users, joinPolicy: { initialOwnerEmail: 'owner@example.com', idpGroupRoleMapping: '' } })).handle(
      anApiEvent('GET /api/me', { claims: { sub: 'new-1', email: 'Owner@Example.com' } }),
    );
    expect(result.statusCode).toBe(200);
    expect(users.users.get('new-1')).toMatchObject({ email: 'owner@example.com', role: 'owner' });
    expect(users.events).toHaveLength(1);
  });

  it('validates path and body against the route schemas and says where the problem is', async () => {
    const event = anApiEvent('POST /api/echo/{name}', { claims, pathParameters: { name: 'toolongname' }, ...json({ text: '' }) });
    const result = await routerWith().handle(event);
    expect(result.statusCode).toBe(400);
    expect(problemOf(result)).toMatchObject({ status: 400, errors: [{ location: 'path', pointer: '/name' }] });
  });

  it('passes valid input to the use case and honours its status and headers', async () => {
    const event = anApiEvent('POST /api/echo/{name}', { claims, pathParameters: { name: 'bob' }, ...json({ text: 'hi' }) });
    const result = await routerWith().handle(event);
    expect(result.statusCode).toBe(201);
    expect(result.headers.etag).toBe('"1"');
    expect(JSON.parse(result.body)).toEqual({ name: 'bob', text: 'hi', by: 'user-1' });
  });

  it('refuses a body over the route limit with 413 before parsing it', async () => {
    const event = anApiEvent('POST /api/echo/{name}', { claims, pathParameters: { name: 'bob' }, ...json({ text: 'x'.repeat(200) }) });
    expect((await routerWith().handle(event)).statusCode).toBe(413);
  });

  it('refuses a body that is not JSON with 415 or 400', async () => {
    const base = { claims, pathParameters: { name: 'bob' } };
    expect(
      (await routerWith().handle(anApiEvent('POST /api/echo/{name}', { ...base, body: 'text=hi', headers: { 'content-type': 'text/plain' } }))).statusCode,
    ).toBe(415);
    expect(
      (await routerWith().handle(anApiEvent('POST /api/echo/{name}', { ...base, body: '{', headers: { 'content-type': 'application/json' } }))).statusCode,
    ).toBe(400);
  });

  it('maps a domain error to its problem, with its details', async () => {
    const result = await routerWith().handle(anApiEvent('GET /api/conflict'));
    expect(result.statusCode).toBe(409);
    expect(problemOf(result)).toMatchObject({ type: 'https://ownstack.dev/problems/conflict', currentVersion: 7, instance: '/api/conflict' });
  });

  it('never leaks an unexpected error, and gives the request id to quote', async () => {
    const result = await routerWith().handle(anApiEvent('GET /api/crash'));
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret internal detail');
    expect(problemOf(result)).toMatchObject({ requestId: 'req-1' });
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const result = await routerWith().handle(anApiEvent('GET /api/nope'));
    expect(result.statusCode).toBe(404);
    expect(result.headers['content-type']).toBe('application/problem+json');
  });

  it('echoes a well-formed correlation id and replaces a malformed one with the request id', async () => {
    const good = await routerWith().handle(anApiEvent('GET /api/health', { headers: { 'x-correlation-id': 'abc-123' } }));
    expect(good.headers['x-correlation-id']).toBe('abc-123');
    const bad = await routerWith().handle(anApiEvent('GET /api/health', { headers: { 'x-correlation-id': 'bad value\n' } }));
    expect(bad.headers['x-correlation-id']).toBe('req-1');
  });
});
