/**
 * Authorization decision time in a warm process: one Cedar authorizer (built-in policies
 * plus one installation forbid policy), a member in two groups, 2,000 warm-up decisions,
 * then 20,000 timed ones. Run with `npm run bench:authz`; prints JSON.
 */
import { performance } from 'node:perf_hooks';

const started = performance.now();
const { createAuthorizer } = await import('../functions/authz/engine.js');
const loaded = performance.now();
const authorizer = createAuthorizer(
  '@id("no-directory-for-contractors")\nforbid (principal in Ownstack::Group::"contractors", action == Ownstack::Action::"members:read", resource);',
);
const built = performance.now();

const request = {
  subject: { userId: 'u1', email: 'ada@example.com', role: 'member' as const, groupIds: ['staff', 'support'], active: true },
  action: 'members:read' as const,
  context: { authMethod: 'session' as const, mfa: false, scopes: [], requireMfaForAdmin: false },
};
if (!authorizer.decide(request).allowed) throw new Error('The benchmark request should be allowed; the policies changed.');
for (let i = 0; i < 2_000; i++) authorizer.decide(request);
const samples: number[] = [];
for (let i = 0; i < 20_000; i++) {
  const t = performance.now();
  authorizer.decide(request);
  samples.push(performance.now() - t);
}
samples.sort((a, b) => a - b);
const at = (q: number) => Number((samples[Math.floor(q * (samples.length - 1))] ?? 0).toFixed(4));
console.log(
  JSON.stringify({
    loadEngineMs: Math.round(loaded - started),
    buildAuthorizerMs: Math.round(built - loaded),
    decisions: samples.length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  }),
);
