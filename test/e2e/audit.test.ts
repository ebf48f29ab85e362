/**
 * The audit log in the browser, against the real local runtime: an admin's change goes
 * table stream → bus → queue → worker → audit trail and shows in the viewer with where it
 * came from (IP, browser, session or which API key); the filters narrow it; "Export CSV"
 * downloads the filtered view as a file whose rows are checked. The jobs page lists a
 * failed job with its reason and retries it. axe runs on both pages at desktop width and
 * at 375 px.
 */
import { readFile } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { auditPage } from '../../functions/audit/schemas.js';
import { createdApiKey } from '../../functions/apikeys/schemas.js';
import { domainEvent } from '../../functions/events/domain.js';
import { newExportJob } from '../../functions/exports/domain.js';
import { dynamoJobStore } from '../../functions/exports/store.js';
import { groupSchema } from '../../functions/groups/schemas.js';
import { dynamoDbLocalCredentials } from '../../functions/local/dynamodb-local.js';
import { ulidSource } from '../../functions/platform/ids.js';
import { systemClock } from '../../functions/platform/ports.js';
import { apiCaller, feedback, openSection } from './support/app-steps.js';
import { startBrowserHarness } from './support/browser-harness.js';
import { seedLicenseInForce } from '../support/licenses.js';
import { expectAccessible, expectFitsPhone, screenshot, signIn } from './support/page-checks.js';

const harness = startBrowserHarness();
const OWNER = { email: 'owner@example.com', name: 'Olivia Owner' };
const { callApi } = apiCaller(harness);
const ownerToken = () => harness.runtime().tokenFor(OWNER.email);

/** Writes a failed export job (retries spent) into the runtime's table, with its event. */
async function aFailedJob(projectName: string, reason: string): Promise<string> {
  const runtime = harness.runtime();
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime.dynamoEndpoint, region: 'local', credentials: dynamoDbLocalCredentials }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const deps = { clock: systemClock, ids: ulidSource };
  const owner = memberOf(await callApi(await ownerToken(), 'GET', '/api/me'));
  const jobId = ulidSource.next();
  const at = new Date().toISOString();
  const job = {
    ...newExportJob({ jobId, projectId: ulidSource.next(), projectName, createdBy: owner, now: new Date() }),
    status: 'failed' as const,
    attempts: 5,
    lastError: reason,
    startedAt: at,
    finishedAt: at,
  };
  const event = domainEvent(
    {
      type: 'export.failed',
      actor: { userId: 'system', via: 'system' },
      subject: { kind: 'job', id: jobId },
      data: { jobId, projectId: job.projectId, reason },
    },
    deps,
  );
  await dynamoJobStore(db, runtime.tableName).create(job, event);
  db.destroy();
  return jobId;
}

const memberOf = (answer: { json: unknown }) => (answer.json as { user: { id: string } }).user.id;

/** RFC 4180 rows: quoted cells may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** Applies the filters until a row with this text shows: the worker appends asynchronously. */
async function waitForRow(page: Page, text: string) {
  const row = page.getByRole('row').filter({ hasText: text });
  for (let attempt = 0; attempt < 40; attempt++) {
    if ((await row.count()) > 0) return row.first();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Showing / })
      .waitFor();
    await page.waitForTimeout(250);
  }
  throw new Error(`No audit row with "${text}" appeared.`);
}

describe('the audit log', () => {
  it('shows an admin’s change with where it came from, filters it, and exports it as CSV', async () => {
    // The file export is a Pro feature (docs/licensing.md): this installation has a Pro license.
    await seedLicenseInForce(harness.runtime().dynamoEndpoint, harness.runtime().tableName);
    const { context, page, pageErrors } = await harness.newPage();
    await signIn(page, harness.origin(), OWNER.email, OWNER.name);
    const userAgent = await page.evaluate(() => navigator.userAgent);

    // A change in the UI (a session)...
    await openSection(page, 'Groups');
    await page.getByLabel('Group name').fill('Auditors');
    await page.getByRole('button', { name: 'Create group' }).click();
    await feedback(page, 'Group Auditors created.');
    const groups = (await callApi(await ownerToken(), 'GET', '/api/groups')).json as { items: unknown[] };
    const auditors = groups.items.map((g) => groupSchema.parse(g)).find((g) => g.name === 'Auditors');
    expect(auditors).toBeDefined();
    const groupId = auditors?.id as string;

    // ...and one through an API key, so both ways of acting show.
    const key = createdApiKey.parse(
      (await callApi(await ownerToken(), 'POST', '/api/api-keys', { name: 'Audit e2e', scopes: ['admin'], expiresInDays: 30 })).json,
    );
    expect((await callApi(key.secret, 'POST', '/api/groups', { name: 'Made by a key' })).status).toBe(201);

    await openSection(page, 'Audit log');
    const created = await waitForRow(page, groupId);
    await expect(created.textContent()).resolves.toContain('identity.group.created');
    await expect(created.textContent()).resolves.toContain('Session');
    await expect(created.textContent()).resolves.toContain(userAgent);
    await expect(created.textContent()).resolves.toContain('Olivia Owner');

    // The API says the same, with the IP the viewer shows.
    const api = auditPage.parse((await callApi(await ownerToken(), 'GET', `/api/audit?subjectKind=group&subjectId=${encodeURIComponent(groupId)}`)).json);
    const entry = api.items.find((i) => i.type === 'identity.group.created');
    expect(entry?.actor).toMatchObject({ via: 'session', userAgent });
    expect(entry?.actor.ip).toMatch(/\d|:/);
    await expect(created.textContent()).resolves.toContain(entry?.actor.ip as string);

    const byKey = await waitForRow(page, `API key ${key.key.id}`);
    await expect(byKey.textContent()).resolves.toContain('identity.group.created');

    // Unfiltered, the chart reads the daily counters: every entry so far, all of today.
    const all = auditPage.parse((await callApi(await ownerToken(), 'GET', '/api/audit?limit=200')).json).items.length;
    const caption = `Events per day: ${all} events over 30 days; busiest`;
    // The counters and the list are two reads; one more Apply settles an append between them.
    for (let attempt = 0; attempt < 10 && !(await page.getByRole('figure').textContent())?.includes(caption); attempt++) {
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForTimeout(250);
    }
    await expect(page.getByRole('figure').textContent()).resolves.toContain(caption);
    await screenshot(page, 'audit-desktop');
    await expectAccessible(page, 'audit page');
    await expectFitsPhone(page, 'audit page', 'audit');

    // Filters: one event type, then one object's history.
    await page.getByLabel('Event', { exact: true }).selectOption('identity.apikey.created');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('status').filter({ hasText: 'Showing 1 entry.' }).waitFor();
    const typed = await page.getByRole('table', { name: 'Entries' }).getByRole('row').allTextContents();
    expect(typed).toHaveLength(2);
    expect(typed[1]).toContain('identity.apikey.created');

    await page.getByLabel('Event', { exact: true }).selectOption('');
    await page.getByLabel('Object kind').selectOption('group');
    await page.getByLabel('Object id').fill(groupId);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('status').filter({ hasText: 'Showing 1 entry.' }).waitFor();
    await expect(page.getByRole('figure').textContent()).resolves.toContain('Matching events per day: 1 event over 30 days');

    // Export CSV of the filtered view: a real download, checked row by row.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    await page.getByRole('status').filter({ hasText: 'Exported 1 entry' }).waitFor();
    expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path()) as string, 'utf8');
    const [header, ...rows] = parseCsv(csv);
    expect(header?.join(',')).toBe('occurredAt,eventId,type,actorId,via,apiKeyId,ip,userAgent,subjectKind,subjectId,correlationId,detail');
    expect(rows).toHaveLength(1);
    const [occurredAt, eventId, type, , via, apiKeyId, ip, agent, subjectKind, subjectId, , detail] = rows[0] ?? [];
    expect({ occurredAt, eventId, type, via, apiKeyId, ip, agent, subjectKind, subjectId }).toEqual({
      occurredAt: entry?.occurredAt,
      eventId: entry?.id,
      type: 'identity.group.created',
      via: 'session',
      apiKeyId: '',
      ip: entry?.actor.ip,
      agent: userAgent,
      subjectKind: 'group',
      subjectId: groupId,
    });
    expect(JSON.parse(detail ?? '{}')).toEqual({ name: 'Auditors' });

    // The filters are in the URL: a link opens the history of one object.
    expect(new URL(page.url()).searchParams.get('subjectId')).toBe(groupId);
    await page.goto(`${harness.origin()}/audit?subjectKind=group&subjectId=${encodeURIComponent(groupId)}`);
    await page.getByRole('status').filter({ hasText: 'Showing 1 entry.' }).waitFor();
    await expect(page.getByLabel('Object id').inputValue()).resolves.toBe(groupId);

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows admins failed jobs with their reason and retries one after confirmation', async () => {
    const { context, page, pageErrors } = await harness.newPage();
    await signIn(page, harness.origin(), OWNER.email, OWNER.name);
    await openSection(page, 'Jobs');
    await page.getByText('No failed jobs.', { exact: false }).waitFor();
    await expectAccessible(page, 'jobs page without failed jobs');

    // A job whose retries are spent, stored as the worker leaves one.
    const jobId = await aFailedJob('Quarterly report', 'The zip could not be written: no space left.');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Export of Quarterly report' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('The zip could not be written: no space left.');
    await expect(row.getByRole('cell').nth(1).textContent()).resolves.toBe('5');
    await screenshot(page, 'jobs-desktop');
    await expectAccessible(page, 'jobs page');
    await expectFitsPhone(page, 'jobs page', 'jobs');

    await row.getByRole('button', { name: 'Retry Export of Quarterly report' }).click();
    const dialog = page.getByRole('dialog', { name: 'Retry the export of quarterly report?' });
    await dialog.waitFor();
    await expectAccessible(page, 'retry confirmation');
    await dialog.getByRole('button', { name: 'Retry job' }).click();
    await feedback(page, 'Export of Quarterly report is queued again.');
    await expect(row.count()).resolves.toBe(0);

    const job = (await callApi(await ownerToken(), 'GET', `/api/jobs/${jobId}`)).json as { status: string };
    expect(job.status).not.toBe('failed');
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
