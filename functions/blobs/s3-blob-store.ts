/**
 * The blob store over S3 (@aws-sdk/client-s3): presigned POST uploads whose policy pins
 * the key, the exact size and the content type; presigned GET downloads; streamed
 * multipart writes for zips. The same adapter runs against the local runtime's S3
 * stand-in through an endpoint override (path-style addressing).
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Clock } from '../platform/ports.js';
import type { BlobStore } from './blob-store.js';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Endpoint override (the local stand-in). @default the regional AWS endpoint */
  endpoint?: string;
  clock: Clock;
  /** Bytes per multipart part; S3's minimum is 5 MiB. @default 8 MiB */
  partBytes?: number;
}

const DEFAULT_PART_BYTES = 8 * 1024 * 1024;

export function createS3Client(endpoint: string | undefined): S3Client {
  return new S3Client({
    ...(endpoint
      ? {
          endpoint,
          forcePathStyle: true,
          region: process.env.AWS_REGION ?? 'local',
          // The stand-in checks signatures against these placeholders; they are not secrets.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    // Checksums only where S3 requires them: uploads carry plain bodies (no aws-chunked
    // trailers) and presigned links stay free of checksum-mode parameters a browser cannot honour.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function s3BlobStore(client: S3Client, options: S3BlobStoreOptions): BlobStore {
  const Bucket = options.bucket;
  const partBytes = Math.max(5 * 1024 * 1024, options.partBytes ?? DEFAULT_PART_BYTES);
  const expiry = (seconds: number) => new Date(options.clock.now().getTime() + seconds * 1000).toISOString();

  async function putParts(key: string, first: Uint8Array, rest: AsyncIterator<Uint8Array>, contentType: string) {
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: key, ContentType: contentType }));
    try {
      const parts: { ETag: string | undefined; PartNumber: number }[] = [];
      let size = 0;
      const upload = async (body: Uint8Array) => {
        const PartNumber = parts.length + 1;
        const { ETag } = await client.send(new UploadPartCommand({ Bucket, Key: key, UploadId, PartNumber, Body: body }));
        parts.push({ ETag, PartNumber });
        size += body.byteLength;
      };
      await upload(first);
      let buffered: Uint8Array[] = [];
      let bufferedBytes = 0;
      for (let next = await rest.next(); !next.done; next = await rest.next()) {
        buffered.push(next.value);
        bufferedBytes += next.value.byteLength;
        if (bufferedBytes >= partBytes) {
          await upload(Buffer.concat(buffered));
          buffered = [];
          bufferedBytes = 0;
        }
      }
      if (bufferedBytes > 0) await upload(Buffer.concat(buffered));
      await client.send(new CompleteMultipartUploadCommand({ Bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
      return { sizeBytes: size };
    } catch (error) {
      await client.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId })).catch(() => undefined);
      throw error;
    }
  }

  return {
    async presignUpload(key, { contentType, sizeBytes, expiresInSeconds }) {
      const { url, fields } = await createPresignedPost(client, {
        Bucket,
        Key: key,
        Fields: { 'Content-Type': contentType },
        Conditions: [
          ['content-length-range', sizeBytes, sizeBytes],
          ['eq', '$Content-Type', contentType],
        ],
        Expires: expiresInSeconds,
      });
      return { url, fields, expiresAt: expiry(expiresInSeconds) };
    },

    async presignDownload(key, { fileName, expiresInSeconds }) {
      const command = new GetObjectCommand({ Bucket, Key: key, ResponseContentDisposition: contentDisposition(fileName) });
      const url = await getSignedUrl(client, command, { expiresIn: expiresInSeconds });
      return { url, expiresAt: expiry(expiresInSeconds) };
    },

    async head(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { sizeBytes: head.ContentLength ?? 0, contentType: head.ContentType };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async putStream(key, chunks, { contentType }) {
      const iterator = chunks[Symbol.asyncIterator]();
      const buffered: Uint8Array[] = [];
      let bytes = 0;
      // Small objects (most exports) go in one PutObject; past one part, switch to multipart.
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        buffered.push(next.value);
        bytes += next.value.byteLength;
        if (bytes >= partBytes) return putParts(key, Buffer.concat(buffered), iterator, contentType);
      }
      const body = Buffer.concat(buffered);
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType }));
      return { sizeBytes: body.byteLength };
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
