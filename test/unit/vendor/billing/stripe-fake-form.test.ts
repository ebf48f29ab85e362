import { describe, expect, it } from 'vitest';
import { parseStripeForm } from '../../../../functions/local/stripe-fake/form.js';

describe("the Stripe fake's form decoder", () => {
  it('rebuilds nested objects and arrays from bracketed keys, as the SDK encodes them', () => {
    const body =
      'mode=subscription&line_items[0][price]=price_a&line_items[0][quantity]=3&line_items[1][price]=price_b' +
      '&metadata[installationId]=inst_1&subscription_data[trial_period_days]=14&expand[0]=subscription';
    expect(parseStripeForm(body)).toEqual({
      mode: 'subscription',
      line_items: [{ price: 'price_a', quantity: '3' }, { price: 'price_b' }],
      metadata: { installationId: 'inst_1' },
      subscription_data: { trial_period_days: '14' },
      expand: ['subscription'],
    });
  });

  it('decodes percent-encoding and keeps empty values (Stripe unsets metadata with them)', () => {
    expect(parseStripeForm('success_url=https%3A%2F%2Fa.example%2Fok%3Fx%3D1&metadata[k]=')).toEqual({
      success_url: 'https://a.example/ok?x=1',
      metadata: { k: '' },
    });
  });

  it('ignores prototype keys and refuses absurd nesting', () => {
    const parsed = parseStripeForm('__proto__[polluted]=1&a[constructor][x]=1');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parsed).toEqual({ a: {} });
    expect(() => parseStripeForm('a[b][c][d][e][f][g]=1')).toThrow(/nested too deeply/);
  });
});
