/**
 * Projects and documents in the browser, against the real local runtime: the owner creates
 * a project and writes a document (the preview renders markdown and shows raw HTML as
 * text), shares it with a member who then finds and reads it, a stale save opens the
 * conflict panel without losing a word, the project is exported and the zip holds the
 * document, and a full projects quota turns into the upgrade prompt. What the UI did is
 * checked again through the API; axe runs on every screen, at desktop width and 375 px.
 */
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { usageSchema } from '../../functions/entitlements/schemas.js';
import { feedback, openSection } from './support/app-steps.js';
import { startBrowserHarness } from './support/browser-harness.js';
import { expectAccessible, expectFitsPhone, screenshot, signIn } from './support/page-checks.js';
import { projectApi } from './support/project-steps.js';

const harness = startBrowserHarness();
const OWNER = { email: 'owner@example.com', name: 'Olivia Owner' };
const MEMBER = { email: 'member@example.com', name: 'Max Member' };
const api = projectApi(harness);

const PROJECT = 'Handbook';
const DOCUMENT = 'Onboarding';
const BODY = '# Welcome aboard\n\nRead **this** first.\n\n- one\n- two\n\n<script>window.injected = true</script>';

/** Shared between the steps below, which run in order against one runtime. */
const state: { projectId?: string; documentId?: string } = {};

async function openDocument(page: Page, documentId: string, title: string) {
  await page.goto(`${harness.origin()}/documents/${documentId}`);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

describe('projects and documents', () => {
  it('creates a project and writes a document whose preview renders markdown safely', async () => {
    const { context, page, pageErrors } = await harness.newPage();
    const creates: Array<Record<string, string>> = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/projects') creates.push(request.headers());
    });
    await signIn(page, harness.origin(), OWNER.email, OWNER.name);

    await openSection(page, 'Projects');
    await page.getByText('No projects yet.').waitFor();
    const projectsMeter = page.getByRole('meter', { name: 'Projects' });
    await projectsMeter.waitFor();
    await expect(projectsMeter.getAttribute('max')).resolves.toBe('3');
    await expect(page.getByText('0 of 3 used').isVisible()).resolves.toBe(true);
    await screenshot(page, 'projects-empty');
    await expectAccessible(page, 'projects page without projects');

    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.waitFor();
    await expect(dialog.getByLabel('Name').evaluate((input) => input === document.activeElement)).resolves.toBe(true);
    await expectAccessible(page, 'new project dialog');
    await dialog.getByLabel('Name').fill(PROJECT);
    await dialog.getByLabel(/Description/).fill('How we work.');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { level: 1, name: PROJECT }).waitFor();
    await feedback(page, `Project ${PROJECT} created.`);
    state.projectId = new URL(page.url()).pathname.split('/').pop();
    expect(creates).toHaveLength(1);
    expect(creates[0]?.['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await api.projectNames(OWNER.email)).toEqual([PROJECT]);

    await page.getByText('No documents in this project yet.').waitFor();
    await screenshot(page, 'project-desktop');
    await expectAccessible(page, 'project page');
    await expectFitsPhone(page, 'project page', 'project');

    await page.getByLabel('Title').fill(DOCUMENT);
    await page.getByRole('button', { name: 'Create document' }).click();
    await page.getByRole('heading', { level: 1, name: DOCUMENT }).waitFor();
    await feedback(page, `Document ${DOCUMENT} created.`);
    state.documentId = new URL(page.url()).pathname.split('/').pop();

    await page.getByLabel('Tags').fill('welcome');
    await page.getByLabel('Tags').press('Enter');
    await page.getByRole('button', { name: 'Remove tag welcome' }).waitFor();
    await page.getByLabel('Body (markdown)').fill(BODY);
    await page.getByRole('tab', { name: 'Preview' }).click();
    const preview = page.locator('.markdown-body');
    await preview.getByRole('heading', { name: 'Welcome aboard' }).waitFor();
    await expect(preview.locator('strong').textContent()).resolves.toBe('this');
    await expect(preview.getByRole('listitem').count()).resolves.toBe(2);
    // Raw HTML is shown as the text it is, never run.
    await expect(preview.getByText('<script>window.injected = true</script>').isVisible()).resolves.toBe(true);
    await expect(preview.locator('script').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).resolves.toBeUndefined();
    await screenshot(page, 'document-preview');
    await expectAccessible(page, 'document editor with the preview');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await feedback(page, 'Saved version');
    const saved = await api.readDocument(OWNER.email, state.documentId ?? '');
    expect(saved.document).toMatchObject({ title: DOCUMENT, body: BODY, tags: ['welcome'], projectId: state.projectId });

    await page.getByRole('tab', { name: 'Write' }).click();
    await expectFitsPhone(page, 'document editor', 'document');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shares the document with a member, who finds it under Shared with me and reads it', async () => {
    const documentId = state.documentId ?? '';
    // Max has signed in before (a first request makes a seeded account a member), so the directory lists him.
    expect((await api.call(MEMBER.email, 'GET', '/api/me')).status).toBe(200);
    const owner = await harness.newPage();
    await signIn(owner.page, harness.origin(), OWNER.email, OWNER.name);
    await openDocument(owner.page, documentId, DOCUMENT);
    await owner.page.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = owner.page.getByRole('dialog', { name: `Share ${DOCUMENT}` });
    await dialog.waitFor();
    await dialog.getByText('Not shared beyond the project yet.').waitFor();
    await dialog.getByLabel('Person or group').selectOption({ label: `${MEMBER.name} (${MEMBER.email})` });
    await dialog.getByLabel('Access').selectOption('viewer');
    await dialog.getByRole('button', { name: 'Share', exact: true }).click();
    await dialog.getByRole('button', { name: /Remove share with/ }).waitFor();
    await expectAccessible(owner.page, 'share dialog');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect(owner.page.getByRole('button', { name: 'Share', exact: true }).evaluate((b) => b === document.activeElement)).resolves.toBe(true);
    expect(owner.pageErrors).toEqual([]);
    await owner.context.close();

    const member = await harness.newPage();
    await signIn(member.page, harness.origin(), MEMBER.email, MEMBER.name);
    await openSection(member.page, 'Shared with me');
    const row = member.page.getByRole('row', { name: new RegExp(DOCUMENT) });
    await row.waitFor();
    await expect(row.getByRole('list', { name: 'Tags' }).getByText('welcome', { exact: true }).isVisible()).resolves.toBe(true);
    await screenshot(member.page, 'shared-with-me');
    await expectAccessible(member.page, 'shared with me');
    await expectFitsPhone(member.page, 'shared with me', 'shared-with-me');

    await row.getByRole('link', { name: DOCUMENT }).click();
    await member.page.getByRole('heading', { level: 1, name: DOCUMENT }).waitFor();
    await member.page.getByText('Your access: viewer').waitFor();
    await member.page.locator('.markdown-body').getByRole('heading', { name: 'Welcome aboard' }).waitFor();
    // A viewer reads; there is no editor and nothing to save.
    await expect(member.page.getByLabel('Body (markdown)').count()).resolves.toBe(0);
    await expect(member.page.getByRole('button', { name: 'Save', exact: true }).count()).resolves.toBe(0);
    await expectAccessible(member.page, 'document as a viewer');
    // Not a member of the project: its page answers "not found", whether it exists or not.
    expect(await api.projectNames(MEMBER.email)).toEqual([]);
    expect(member.pageErrors).toEqual([]);
    await member.context.close();
  });

  it('shows a conflict panel when someone saved first, keeps the typed text across a reload, and keeps mine on request', async () => {
    const documentId = state.documentId ?? '';
    const { context, page, pageErrors } = await harness.newPage();
    await signIn(page, harness.origin(), OWNER.email, OWNER.name);
    await openDocument(page, documentId, DOCUMENT);
    const mine = `${BODY}\n\nMy addition from the browser.`;
    await page.getByLabel('Body (markdown)').fill(mine);
    await page.getByText('Unsaved changes').waitFor();

    // Another client saves in the meantime.
    const theirs = 'Their rewrite, saved first.';
    expect((await api.saveBody(OWNER.email, documentId, theirs)).status).toBe(200);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Someone else saved this document' });
    await panel.waitFor();
    await expect(panel.getByRole('heading', { name: 'Someone else saved this document' }).evaluate((h) => h === document.activeElement)).resolves.toBe(true);
    await expect(panel.getByLabel('Their version (saved)').inputValue()).resolves.toBe(theirs);
    await expect(panel.getByLabel('Your unsaved version').inputValue()).resolves.toBe(mine);
    await screenshot(page, 'document-conflict');
    await expectAccessible(page, 'conflict panel');
    await expectFitsPhone(page, 'conflict panel', 'document-conflict');

    // A reload loses nothing: the draft comes back from this tab's storage, still in conflict.
    await page.reload();
    await panel.waitFor();
    await expect(panel.getByLabel('Your unsaved version').inputValue()).resolves.toBe(mine);
    await expect(page.getByLabel('Body (markdown)').inputValue()).resolves.toBe(mine);

    await panel.getByRole('button', { name: 'Keep mine (overwrite theirs)' }).click();
    await panel.waitFor({ state: 'hidden' });
    await feedback(page, 'Saved version');
    expect((await api.readDocument(OWNER.email, documentId)).document.body).toBe(mine);
    await page.reload();
    await page.getByText(/^Version \d+, saved/).waitFor();
    await expect(page.getByRole('region', { name: 'Someone else saved this document' }).count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('attaches a file with progress, refuses a wrong type before asking, downloads and deletes it', async () => {
    const documentId = state.documentId ?? '';
    const { context, page, pageErrors } = await harness.newPage();
    const attachmentPosts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/attachments')) attachmentPosts.push(request.url());
    });
    await signIn(page, harness.origin(), OWNER.email, OWNER.name);
    await openDocument(page, documentId, DOCUMENT);
    await page.getByText('No attachments.').waitFor();
    const fileInput = page.getByLabel('Attach a file');

    await fileInput.setInputFiles({ name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await page.getByRole('alert').filter({ hasText: 'setup.exe is not a type that can be attached' }).waitFor();
    expect(attachmentPosts, 'a refused file is never announced to the API').toEqual([]);

    const content = '# Notes\n\nKept beside the document.\n';
    await fileInput.setInputFiles({ name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from(content) });
    await feedback(page, 'notes.md attached.');
    const list = page.getByRole('list', { name: 'Attachments' });
    await list.getByRole('listitem').filter({ hasText: 'notes.md' }).waitFor();
    expect(attachmentPosts).toHaveLength(1);
    const usage = usageSchema.parse((await api.call(OWNER.email, 'GET', '/api/usage')).json);
    expect(usage.storageBytes.used).toBe(Buffer.byteLength(content));
    await screenshot(page, 'document-attachments');
    await expectAccessible(page, 'document with an attachment');

    const [download] = await Promise.all([page.waitForEvent('download'), list.getByRole('button', { name: 'Download notes.md' }).click()]);
    expect(download.suggestedFilename()).toBe('notes.md');
    await expect(readFile(await download.path(), 'utf8')).resolves.toBe(content);

    await list.getByRole('button', { name: 'Delete notes.md' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete notes.md?' });
    await confirm.getByRole('button', { name: 'Delete attachment' }).click();
    await feedback(page, 'notes.md deleted.');
    await page.getByText('No attachments.').waitFor();
    expect(usageSchema.parse((await api.call(OWNER.email, 'GET', '/api/usage')).json).storageBytes.used).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('exports the project and downloads a zip that holds the document', async () => {
    const { context, page, pageErrors } = await harness.newPage();
    await signIn(page, harness.origin(), OWNER.email, OWNER.name);
    await page.goto(`${harness.origin()}/projects/${state.projectId}?tab=exports`);
    await page.getByRole('heading', { level: 2, name: 'Exports' }).waitFor();
    await page.getByText('No exports yet.').waitFor();
    const jobPolls: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && /^\/api\/jobs\/[0-9A-Z]{26}$/.test(new URL(request.url()).pathname)) jobPolls.push(request.url());
    });
    await page.getByRole('button', { name: 'Export project' }).click();
    await feedback(page, 'Export started.');
    const downloadButton = page.getByRole('button', { name: /^Download zip/ });
    await downloadButton.waitFor({ timeout: 60_000 });
    expect(jobPolls.length, 'the export was followed with GET /api/jobs/{jobId} until it ended').toBeGreaterThan(0);
    await screenshot(page, 'project-exports');
    await expectAccessible(page, 'project exports');

    const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
    const zip = unzipSync(new Uint8Array(await readFile(await download.path())));
    const names = Object.keys(zip);
    const entry = names.find((name) => name.toLowerCase().includes(DOCUMENT.toLowerCase()));
    expect(entry, `a file named after the document among ${names.join(', ')}`).toBeDefined();
    expect(strFromU8(zip[entry ?? ''] ?? new Uint8Array())).toContain('My addition from the browser.');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('moves the document to the project trash, shows when it is purged, and restores it', async () => {
    const documentId = state.documentId ?? '';
    const { context, page, pageErrors } = await harness.newPage();
    await signIn(page, harness.origin(), OWNER.email, OWNER.name);
    await openDocument(page, documentId, DOCUMENT);
    await page.getByRole('button', { name: 'Move to trash' }).click();
    const confirm = page.getByRole('dialog', { name: `Move ${DOCUMENT} to the trash?` });
    await confirm.getByRole('button', { name: 'Move to trash' }).click();
    await page.getByRole('heading', { level: 2, name: 'Trash' }).waitFor();
    await feedback(page, `${DOCUMENT} moved to the trash.`);
    const row = page.getByRole('row', { name: new RegExp(DOCUMENT) });
    await row.getByText(/^Purged on /).waitFor();
    expect((await api.readDocument(OWNER.email, documentId)).document.deletedAt).toBeDefined();
    await screenshot(page, 'project-trash');
    await expectAccessible(page, 'project trash');
    await expectFitsPhone(page, 'project trash', 'project-trash');

    await row.getByRole('button', { name: `Restore ${DOCUMENT}` }).click();
    await feedback(page, `${DOCUMENT} restored.`);
    await page.getByText('The trash is empty.').waitFor();
    expect((await api.readDocument(OWNER.email, documentId)).document.deletedAt).toBeUndefined();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('turns a full projects quota into an upgrade prompt and creates nothing', async () => {
    for (const name of ['Roadmap', 'Support']) expect((await api.createProject(OWNER.email, name)).status).toBe(201);
    const { context, page, pageErrors } = await harness.newPage();
    await signIn(page, harness.origin(), OWNER.email, OWNER.name);
    await openSection(page, 'Projects');
    await page.getByText('3 of 3 used').waitFor();
    await expect(page.getByRole('row').filter({ hasText: PROJECT }).count()).resolves.toBe(1);

    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Name').fill('One too many');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    const prompt = dialog.getByRole('alert', { name: 'Limit reached: projects' });
    await prompt.waitFor();
    await expect(prompt.getByText('3 of 3').isVisible()).resolves.toBe(true);
    await expect(prompt.getByText('Upgrading').isVisible()).resolves.toBe(true);
    // The input stays, nothing was created.
    await expect(dialog.getByLabel('Name').inputValue()).resolves.toBe('One too many');
    await screenshot(page, 'projects-quota');
    await expectAccessible(page, 'upgrade prompt');
    expect(await api.projectNames(OWNER.email)).toEqual([PROJECT, 'Roadmap', 'Support']);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('lets owners grant access, protects the last owner, archives, trashes and restores within the quota', async () => {
    const projectId = state.projectId ?? '';
    const { context, page, pageErrors } = await harness.newPage();
    await signIn(page, harness.origin(), OWNER.email, OWNER.name);
    await page.goto(`${harness.origin()}/projects/${projectId}?tab=people`);
    const table = page.getByRole('table', { name: 'People and groups' });
    await table.getByRole('row', { name: new RegExp(OWNER.email) }).waitFor();

    await page.getByLabel('Person or group', { exact: true }).selectOption({ label: `${MEMBER.name} (${MEMBER.email})` });
    await page.getByLabel('Project role').selectOption('editor');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await feedback(page, `added to ${PROJECT} as editor.`);
    await table.getByRole('row', { name: new RegExp(MEMBER.email) }).waitFor();
    expect(await api.projectNames(MEMBER.email)).toEqual([PROJECT]);
    await screenshot(page, 'project-people');
    await expectAccessible(page, 'project people');
    await expectFitsPhone(page, 'project people', 'project-people');

    // The API keeps one owner; its refusal shows in the dialog, which stays open.
    await table.getByRole('button', { name: `Remove ${OWNER.email}` }).click();
    const removeOwner = page.getByRole('dialog', { name: `Remove ${OWNER.email} from ${PROJECT}?` });
    await removeOwner.getByRole('button', { name: 'Remove access' }).click();
    await removeOwner.getByRole('alert').waitFor();
    await expectAccessible(page, 'last owner refusal');
    await removeOwner.getByRole('button', { name: 'Cancel' }).click();
    await table.getByRole('row', { name: new RegExp(OWNER.email) }).waitFor();

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Archive project' }).click();
    await page
      .getByRole('dialog', { name: `Archive ${PROJECT}?` })
      .getByRole('button', { name: 'Archive' })
      .click();
    await page.getByText('Archived: read-only').waitFor();
    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.getByRole('link', { name: DOCUMENT }).waitFor();
    await expect(page.getByRole('button', { name: 'Create document' }).count()).resolves.toBe(0);
    expect(await api.projectNames(OWNER.email, 'archived')).toEqual([PROJECT]);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Unarchive project' }).click();
    await page
      .getByRole('dialog', { name: `Unarchive ${PROJECT}?` })
      .getByRole('button', { name: 'Unarchive' })
      .click();
    await feedback(page, `${PROJECT} is active again.`);

    await page.getByRole('button', { name: 'Delete project' }).click();
    await page
      .getByRole('dialog', { name: `Delete ${PROJECT}?` })
      .getByRole('button', { name: 'Move to trash' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    await feedback(page, `${PROJECT} moved to the trash.`);

    // The freed place is taken meanwhile: restoring would exceed the quota, and says so.
    expect((await api.createProject(OWNER.email, 'Extra')).status).toBe(201);
    await openSection(page, 'Trash');
    const row = page.getByRole('row', { name: new RegExp(PROJECT) });
    await row
      .getByText(/\w+ \d+, \d{4}/)
      .first()
      .waitFor();
    await row.getByRole('button', { name: `Restore ${PROJECT}` }).click();
    await page.getByRole('alert', { name: 'Limit reached: projects' }).waitFor();
    await screenshot(page, 'trash-quota');
    await expectAccessible(page, 'trash with the upgrade prompt');
    await expectFitsPhone(page, 'trash', 'trash');

    const extra = (await api.call(OWNER.email, 'GET', '/api/projects?limit=100')).json as { items: Array<{ id: string; name: string }> };
    const extraId = extra.items.find((p) => p.name === 'Extra')?.id;
    expect((await api.call(OWNER.email, 'DELETE', `/api/projects/${extraId}`)).status).toBe(200);
    await row.getByRole('button', { name: `Restore ${PROJECT}` }).click();
    await feedback(page, `${PROJECT} restored.`);
    expect(await api.projectNames(OWNER.email)).toEqual([PROJECT, 'Roadmap', 'Support']);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('moves the document to another project and saves it there without a false conflict', async () => {
    const documentId = state.documentId ?? '';
    const { context, page, pageErrors } = await harness.newPage();
    await signIn(page, harness.origin(), OWNER.email, OWNER.name);
    await openDocument(page, documentId, DOCUMENT);
    const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
    await breadcrumb.getByRole('link', { name: PROJECT }).waitFor();

    await page.getByRole('button', { name: 'Move', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Move ${DOCUMENT}` });
    await dialog.getByLabel('Move to project').selectOption({ label: 'Roadmap' });
    await expectAccessible(page, 'move dialog');
    await dialog.getByRole('button', { name: 'Move document' }).click();
    await feedback(page, 'Moved to Roadmap.');
    await breadcrumb.getByRole('link', { name: 'Roadmap' }).waitFor();
    const projects = (await api.call(OWNER.email, 'GET', '/api/projects?limit=100')).json as { items: Array<{ id: string; name: string }> };
    const roadmapId = projects.items.find((p) => p.name === 'Roadmap')?.id;
    expect((await api.readDocument(OWNER.email, documentId)).document.projectId).toBe(roadmapId);

    // The move gave the document a new version; edits made here continue from it.
    await page.getByLabel('Body (markdown)').fill('Moved, then edited.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await feedback(page, 'Saved version');
    await expect(page.getByRole('region', { name: 'Someone else saved this document' }).count()).resolves.toBe(0);
    expect((await api.readDocument(OWNER.email, documentId)).document.body).toBe('Moved, then edited.');
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
