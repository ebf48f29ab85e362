import { describe, expect, it } from 'vitest';
import { Conflict } from '../../../functions/platform/errors.js';
import { problemFromDomainError } from '../../../functions/platform/problem.js';

describe('a domain error as a problem', () => {
  it('carries its details as extensions', () => {
    expect(problemFromDomainError(new Conflict('Taken.', { reason: 'already-connected' }), '/api/x')).toEqual({
      type: 'https://ownstack.dev/problems/conflict',
      title: 'Conflict',
      status: 409,
      detail: 'Taken.',
      instance: '/api/x',
      reason: 'already-connected',
    });
  });

  it('never lets a detail replace a standard member (a subscription `status` once became the HTTP status)', () => {
    const problem = problemFromDomainError(new Conflict('Live subscription.', { status: 'trialing', type: 'x', title: 'y', detail: 'z' }));
    expect(problem).toMatchObject({ type: 'https://ownstack.dev/problems/conflict', title: 'Conflict', status: 409, detail: 'Live subscription.' });
  });
});
