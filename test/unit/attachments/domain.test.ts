import { describe, expect, it } from 'vitest';
import { assertUploadMatches, attachmentView, newAttachment } from '../../../functions/attachments/domain.js';
import { UPLOAD_LINK_SECONDS } from '../../../functions/attachments/schemas.js';
import { InvalidInput } from '../../../functions/platform/errors.js';

const now = new Date('2026-11-24T06:00:00Z');
const pending = newAttachment({
  attachmentId: 'ATT',
  documentId: 'DOC',
  projectId: 'PRJ',
  fileName: 'a.pdf',
  contentType: 'application/pdf',
  sizeBytes: 10,
  createdBy: 'u1',
  now,
});

describe('a new attachment', () => {
  it('is pending, keyed under its document, and expires a day after its upload link unless completed', () => {
    expect(pending).toMatchObject({ status: 'pending', key: 'attachments/DOC/ATT' });
    expect(pending.expiresAt).toBe(now.getTime() / 1000 + UPLOAD_LINK_SECONDS + 24 * 3600);
  });

  it('shows no storage key or TTL on the wire', () => {
    expect(Object.keys(attachmentView(pending)).sort()).toEqual([
      'contentType',
      'createdAt',
      'createdBy',
      'documentId',
      'fileName',
      'id',
      'sizeBytes',
      'status',
    ]);
  });
});

describe('checking an upload', () => {
  it('accepts exactly the declared size and type', () => {
    expect(() => assertUploadMatches(pending, { sizeBytes: 10, contentType: 'application/pdf' })).not.toThrow();
  });

  it('refuses another size or type', () => {
    expect(() => assertUploadMatches(pending, { sizeBytes: 11, contentType: 'application/pdf' })).toThrow(InvalidInput);
    expect(() => assertUploadMatches(pending, { sizeBytes: 10, contentType: 'text/html' })).toThrow(InvalidInput);
    expect(() => assertUploadMatches(pending, { sizeBytes: 10, contentType: undefined })).toThrow(InvalidInput);
  });
});
