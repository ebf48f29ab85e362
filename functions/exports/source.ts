/**
 * The port the export reads a project through: its live documents (with bodies) and
 * their ready attachments. Implemented over the documents and attachments stores in
 * `source-adapter.ts`; tests may hand in their own.
 */

export interface ExportedDocument {
  documentId: string;
  title: string;
  tags: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ExportedAttachment {
  attachmentId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** Where its bytes are in the blob store. */
  key: string;
}

export interface ExportSource {
  /** Every live (not trashed) document of the project; bounded by the documents quota. */
  listDocuments(projectId: string): Promise<ExportedDocument[]>;
  /** The markdown body; throws when the document is gone. */
  body(documentId: string): Promise<string>;
  /** The document's ready attachments (pending uploads are not exported). */
  attachments(documentId: string): Promise<ExportedAttachment[]>;
}
