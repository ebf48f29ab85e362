import { describe, expect, it } from 'vitest';
import { registerRequestSchema } from '../../../../functions/licensing/control-plane-api.js';
import { activationCodeFromSeed, hashActivationCode, hashSource, newActivationCode } from '../../../../functions/vendor/installations/activation-codes.js';

describe('activation codes', () => {
  it('look like ABCD-EFGH-JKLM-NPQR, as the registration schema requires, without look-alike characters', () => {
    for (let i = 0; i < 200; i++) {
      const code = newActivationCode();
      expect(registerRequestSchema.shape.activationCode.safeParse(code).success).toBe(true);
      expect(code).not.toMatch(/[IO01]/);
    }
  });

  it('are all different', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newActivationCode()));
    expect(codes.size).toBe(1000);
  });

  it('derive the same code from the same seed, and a different one from another', () => {
    expect(activationCodeFromSeed('seed-a')).toBe(activationCodeFromSeed('seed-a'));
    expect(activationCodeFromSeed('seed-a')).not.toBe(activationCodeFromSeed('seed-b'));
  });

  it('are stored by a hash that ignores case and surrounding spaces, never in clear', () => {
    const code = newActivationCode();
    expect(hashActivationCode(` ${code.toLowerCase()} `)).toBe(hashActivationCode(code));
    expect(hashActivationCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashActivationCode(code)).not.toContain(code.replaceAll('-', ''));
  });

  it('count failures by a hash of the source address', () => {
    expect(hashSource('203.0.113.7')).not.toContain('203');
    expect(hashSource('203.0.113.7')).toBe(hashSource('203.0.113.7'));
  });
});
