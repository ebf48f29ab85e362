/** Reading the fake's decoded form parameters the way Stripe does (strings in, typed values out), and its 400s. */
import { StripeFakeError } from './state.js';

export type Params = Record<string, unknown>;

export interface LineItem {
  price: string;
  /** Absent for a metered price. */
  quantity?: number;
}

export const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
export const integer = (value: unknown): number | undefined => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined);
export const metadataOf = (value: unknown): Record<string, string> =>
  typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string' && v !== '')) : {};
export const invalid = (message: string, param?: string) => new StripeFakeError(400, 'invalid_request_error', message, 'parameter_invalid', param);

export function lineItems(value: unknown, param: string): LineItem[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid(`Missing required param: ${param}.`, param);
  return (value as Params[]).map((item, index) => {
    const price = text(item.price);
    if (!price) throw invalid(`Missing required param: ${param}[${index}][price].`, `${param}[${index}][price]`);
    const quantity = item.quantity === undefined ? undefined : integer(item.quantity);
    if (item.quantity !== undefined && quantity === undefined) throw invalid(`Invalid integer: ${String(item.quantity)}`, `${param}[${index}][quantity]`);
    return { price, ...(quantity === undefined ? {} : { quantity }) };
  });
}
