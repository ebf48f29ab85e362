/**
 * The blob store port: where attachments and export zips live. Domain code and use cases
 * see only this interface; `s3-blob-store.ts` implements it over S3, in AWS and against
 * the local runtime's S3 stand-in alike. Bytes never pass through the API: browsers upload
 * and download with presigned links; only the worker reads and writes objects itself.
 */

export interface PresignUploadOptions {
  contentType: string;
  /** The exact size the upload must have; the signed policy refuses any other. */
  sizeBytes: number;
  expiresInSeconds: number;
}

/** A browser POST upload: a multipart form with `fields`, then the file (as `file`, last), to `url`. */
export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

export interface PresignDownloadOptions {
  /** The name the browser saves the file as (Content-Disposition: attachment). */
  fileName: string;
  expiresInSeconds: number;
}

export interface DownloadLink {
  url: string;
  expiresAt: string;
}

export interface BlobHead {
  sizeBytes: number;
  contentType: string | undefined;
}

export interface BlobStore {
  presignUpload(key: string, options: PresignUploadOptions): Promise<PresignedUpload>;
  presignDownload(key: string, options: PresignDownloadOptions): Promise<DownloadLink>;
  /** The object's size and type, or undefined when there is none. */
  head(key: string): Promise<BlobHead | undefined>;
  /** The object's bytes, or undefined when there is none. Callers bound what they read (attachments are at most 25 MiB). */
  get(key: string): Promise<Uint8Array | undefined>;
  /**
   * Writes the chunks as one object, in parts when large, so memory holds one part at a
   * time. The object appears only once complete: a crash mid-way leaves no partial object
   * (the bucket's lifecycle rule aborts the orphaned multipart upload).
   */
  putStream(key: string, chunks: AsyncIterable<Uint8Array>, options: { contentType: string }): Promise<{ sizeBytes: number }>;
  /** Deletes the object; deleting a missing one is not an error. */
  delete(key: string): Promise<void>;
}

/** Where each kind of object lives in the bucket; the IAM grants and the lifecycle rules use the same prefixes. */
export const blobKeys = {
  attachmentsPrefix: 'attachments/',
  exportsPrefix: 'exports/',
  attachment: (documentId: string, attachmentId: string) => `attachments/${documentId}/${attachmentId}`,
  exportZip: (jobId: string) => `exports/${jobId}.zip`,
};
