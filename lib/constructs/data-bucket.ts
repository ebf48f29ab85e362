/**
 * The private bucket of attachments and export zips. Browsers reach it only through
 * presigned links (CORS for the site's origin); functions get object access per prefix,
 * as their catalog entry declares. Exports expire on their own, abandoned multipart
 * uploads are cleaned up, and the bucket is kept when the stack is deleted (customer data).
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { OwnstackFunction } from './lambda-function.js';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { blobKeys } from '../../functions/blobs/blob-store.js';
import type { BlobAccess, BlobPrefix } from '../../functions/catalog.js';
import { EXPORT_RETENTION_DAYS } from '../../functions/exports/schemas.js';
import { arnInFinding } from './nag-findings.js';

export interface DataBucketProps {
  /** Origins whose pages upload (POST) and download (GET) with presigned links; more with `allowBrowserOrigin`. @default none */
  readonly allowedOrigins?: readonly string[];
  /** How long an export zip stays. @default EXPORT_RETENTION_DAYS (functions/exports/schemas.ts) */
  readonly exportRetention?: Duration;
}

const PREFIXES: Record<BlobPrefix, string> = { attachments: blobKeys.attachmentsPrefix, exports: blobKeys.exportsPrefix };

export class DataBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: DataBucketProps = {}) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'ExpireExports', prefix: blobKeys.exportsPrefix, expiration: props.exportRetention ?? Duration.days(EXPORT_RETENTION_DAYS) },
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    if (props.allowedOrigins?.length) this.allowBrowserOrigin(...props.allowedOrigins);
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Every upload, download and deletion goes through the API or the worker, which write a domain event (and so an audit entry) for it; server access logs would need a second bucket and cost per request.',
    });
  }

  /**
   * Lets pages of these origins POST uploads and GET downloads with presigned links. A
   * method, not only a prop: the site's origin (CloudFront) is created after the functions
   * that need the bucket.
   */
  allowBrowserOrigin(...origins: string[]): void {
    this.bucket.addCorsRule({
      allowedOrigins: origins,
      allowedMethods: [HttpMethods.POST, HttpMethods.GET, HttpMethods.HEAD],
      allowedHeaders: ['*'],
      exposedHeaders: ['ETag'],
      maxAge: 3000,
    });
  }

  /**
   * Sets BLOB_BUCKET and grants exactly the declared object access, per prefix. `read` also
   * lets HeadObject tell a missing object (404) from a forbidden one (403), which needs
   * ListBucket; `write` covers multipart uploads and their abort.
   */
  grantFunction(owner: OwnstackFunction, access: { readonly [P in BlobPrefix]?: readonly BlobAccess[] }): void {
    const fn = owner.function;
    fn.addEnvironment('BLOB_BUCKET', this.bucket.bucketName);
    const bucketArn = arnInFinding(this.bucket);
    const reasons: { id: string; reason: string }[] = [];
    for (const [prefix, kinds] of Object.entries(access) as [BlobPrefix, readonly BlobAccess[]][]) {
      const pattern = `${PREFIXES[prefix]}*`;
      if (kinds.includes('read')) this.bucket.grantRead(fn, pattern);
      if (kinds.includes('write')) this.bucket.grantPut(fn, pattern);
      if (kinds.includes('delete')) this.bucket.grantDelete(fn, pattern);
      reasons.push({
        id: `AwsSolutions-IAM5[Resource::${bucketArn}/${pattern}]`,
        reason: `Objects under ${PREFIXES[prefix]} only: keys are per document and job, unknown at deploy time.`,
      });
    }
    reasons.push(
      { id: 'AwsSolutions-IAM5[Action::s3:GetObject*]', reason: 'grantRead: GetObject and its variants (attributes, versions), on the prefixes above only.' },
      { id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]', reason: 'grantRead: bucket location and settings the SDK reads; this bucket only.' },
      {
        id: 'AwsSolutions-IAM5[Action::s3:List*]',
        reason: 'grantRead: ListBucket lets HeadObject answer 404 for an upload that never came, instead of 403; this bucket only.',
      },
      { id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]', reason: 'grantDelete: DeleteObject and its versioned form, on the prefixes above only.' },
      { id: 'AwsSolutions-IAM5[Action::s3:Abort*]', reason: 'grantPut: aborting a failed multipart upload of an export zip, on the prefixes above only.' },
    );
    // On the function's construct, which holds its role and policy too.
    Validations.of(owner).acknowledge(...reasons);
  }
}
