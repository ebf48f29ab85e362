/**
 * Steps of the access tests that are not about one screen: calling the API from the test
 * process (to check from outside what the UI did), finding a member, moving between the
 * sections of the primary navigation, and waiting for a success message.
 */
import type { Page } from 'playwright-core';
import { type Member, memberPage } from '../../../functions/identity/schemas.js';
import type { BrowserHarness } from './browser-harness.js';

export interface ApiAnswer {
  status: number;
  json: unknown;
}

export function apiCaller(harness: BrowserHarness) {
  async function callApi(token: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const response = await fetch(`${harness.origin()}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  }

  /** The member as the API sees them, asked as `asEmail`; a first request creates a seeded user who never signed in. */
  async function memberByEmail(email: string, asEmail: string): Promise<Member> {
    await callApi(await harness.runtime().tokenFor(email), 'GET', '/api/me');
    const { json } = await callApi(await harness.runtime().tokenFor(asEmail), 'GET', '/api/members?limit=100');
    const found = memberPage.parse(json).items.find((m) => m.email === email);
    if (!found) throw new Error(`${email} is not a member`);
    return found;
  }

  return { callApi, memberByEmail };
}

/** Follows a link of the primary navigation and waits for the page's h1. */
export async function openSection(page: Page, label: string, heading = label): Promise<void> {
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Waits for the success message (a status live region) that a write announces. */
export function feedback(page: Page, text: string): Promise<void> {
  return page.getByRole('status').filter({ hasText: text }).waitFor();
}
