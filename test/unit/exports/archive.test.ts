import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { attachmentPath, documentPath, exportFileName, markdownFile } from '../../../functions/exports/archive-layout.js';
import { failureReason } from '../../../functions/exports/domain.js';
import { type ZipEntry, zipStream } from '../../../functions/exports/zip.js';

const doc = {
  documentId: '01J0000000000000000000000A',
  title: 'Café: notes / plans',
  tags: ['a', 'b c'],
  version: 3,
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-02T10:00:00.000Z',
};
const attachment = { attachmentId: '01J0000000000000000000000B', fileName: 'data.csv', contentType: 'text/csv', sizeBytes: 3, key: 'k' };

async function* entries(list: ZipEntry[]) {
  yield* list;
}
async function collect(stream: AsyncIterable<Uint8Array>) {
  const chunks: Uint8Array[] = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks);
}

describe('the export archive layout', () => {
  it('names a document file by a readable slug and its id, and keeps attachments apart by their id', () => {
    expect(documentPath(doc)).toBe('cafe-notes-plans-01J0000000000000000000000A.md');
    expect(documentPath({ ...doc, title: '???' })).toBe('document-01J0000000000000000000000A.md');
    expect(attachmentPath(doc.documentId, attachment)).toBe('attachments/01J0000000000000000000000A/01J0000000000000000000000B-data.csv');
    expect(exportFileName('My Project', '2026-11-24T06:00:00Z')).toBe('my-project-export-2026-11-24.zip');
  });

  it('opens each markdown file with a front matter whose values stay literal', () => {
    const text = markdownFile({ ...doc, title: 'no: "yes"' }, 'body', [attachment]);
    expect(text).toBe(
      [
        '---',
        'title: "no: \\"yes\\""',
        'id: "01J0000000000000000000000A"',
        'version: 3',
        'tags: ["a", "b c"]',
        'createdAt: "2026-11-01T10:00:00.000Z"',
        'updatedAt: "2026-11-02T10:00:00.000Z"',
        'attachments:',
        '  - "attachments/01J0000000000000000000000A/01J0000000000000000000000B-data.csv"',
        '---',
        'body',
        '',
      ].join('\n'),
    );
  });
});

describe('the zip stream', () => {
  it('writes entries that unzip to the same bytes, stored or deflated', async () => {
    const big = Buffer.alloc(300_000, 'x');
    const zip = await collect(
      zipStream(
        entries([
          { name: 'a.md', bytes: Buffer.from('hello'), modifiedAt: new Date('2026-11-01T00:00:00Z') },
          { name: 'attachments/x/big.txt', bytes: big, modifiedAt: new Date('2026-11-01T00:00:00Z') },
          { name: 'img.png', bytes: Buffer.from([1, 2, 3]), modifiedAt: new Date('2026-11-01T00:00:00Z'), stored: true },
        ]),
      ),
    );
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(['a.md', 'attachments/x/big.txt', 'img.png']);
    expect(Buffer.from(files['a.md'] ?? []).toString()).toBe('hello');
    expect(Buffer.from(files['attachments/x/big.txt'] ?? []).equals(big)).toBe(true);
    expect(zip.length).toBeLessThan(big.length / 10);
  });

  it('yields compressed bytes as entries arrive, not only at the end', async () => {
    let chunksBeforeEnd = 0;
    let ended = false;
    async function* slow() {
      for (let i = 0; i < 3; i++) yield { name: `${i}.md`, bytes: Buffer.from(`entry ${i}`), modifiedAt: new Date('2026-11-01T00:00:00Z') };
      ended = true;
    }
    for await (const _chunk of zipStream(slow())) if (!ended) chunksBeforeEnd++;
    expect(chunksBeforeEnd).toBeGreaterThan(0);
  });

  it('writes an empty project as an empty, valid archive', async () => {
    expect(unzipSync(await collect(zipStream(entries([]))))).toEqual({});
  });
});

describe('failure reasons', () => {
  it('keep the first line, bounded, for people', () => {
    expect(failureReason(new Error('first line\n    at stack (file.ts:1)'))).toBe('first line');
    expect(failureReason(new Error('x'.repeat(900)))).toHaveLength(500);
    expect(failureReason('plain')).toBe('plain');
  });
});
