/**
 * The data bucket: private, encrypted, TLS only, kept on stack deletion, CORS for the
 * site's origin only, exports expiring after their retention, abandoned multipart uploads
 * aborted; and each function gets object access on its own prefixes only, as the catalog says.
 */
import { describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog.js';
import { EXPORT_RETENTION_DAYS } from '../../functions/exports/schemas.js';
import { type CfnJson, resourcesOfType, synthAppStack } from './support/synth-app-stack.js';

const { template } = synthAppStack();
const buckets = resourcesOfType(template, 'AWS::S3::Bucket');
const [[bucketId, bucket] = []] = buckets.filter(([, b]) => b.Properties.CorsConfiguration);
const functions = resourcesOfType(template, 'AWS::Lambda::Function');
const policies = resourcesOfType(template, 'AWS::IAM::Policy');

function functionIdOf(entry: string): string {
  const found = functions.find(([, f]) => JSON.stringify(f.Properties.Description ?? '') === JSON.stringify(entry));
  if (!found) throw new Error(`no function described "${entry}"`);
  return found[0];
}
/** The S3 statements of a function's role policy: action lists by object pattern. */
function s3AccessOf(functionId: string): Record<string, string[]> {
  const roleId = functions.find(([id]) => id === functionId)?.[1].Properties.Role['Fn::GetAtt'][0];
  const statements = policies
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as CfnJson[]);
  const out: Record<string, string[]> = {};
  for (const statement of statements) {
    const actions = ([] as string[]).concat(statement.Action);
    if (!actions.some((a) => a.startsWith('s3:'))) continue;
    for (const resource of [].concat(statement.Resource)) {
      const text = JSON.stringify(resource);
      if (!text.includes(bucketId as string)) continue;
      const pattern = /\/(attachments|exports)\/\*/.exec(text)?.[1] ?? 'bucket';
      out[pattern] = [...(out[pattern] ?? []), ...actions].sort();
    }
  }
  return out;
}

describe('the data bucket', () => {
  it('is private, S3-encrypted, refuses plain HTTP and is kept when the stack goes', () => {
    expect(bucket?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket?.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket?.DeletionPolicy).toBe('Retain');
    const policy = resourcesOfType(template, 'AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === bucketId);
    expect(JSON.stringify(policy?.[1].Properties.PolicyDocument)).toContain('aws:SecureTransport');
  });

  it("answers CORS for the site's CloudFront origin only, for POST uploads and GET downloads", () => {
    const [rule, ...others] = bucket?.Properties.CorsConfiguration.CorsRules ?? [];
    expect(others).toEqual([]);
    expect(rule.AllowedMethods.sort()).toEqual(['GET', 'HEAD', 'POST']);
    expect(rule.AllowedOrigins).toHaveLength(1);
    expect(JSON.stringify(rule.AllowedOrigins[0])).toContain('DomainName');
  });

  it('expires exports after their retention and aborts abandoned multipart uploads after a day', () => {
    const rules = bucket?.Properties.LifecycleConfiguration.Rules as CfnJson[];
    expect(rules.find((r) => r.Id === 'ExpireExports')).toMatchObject({ Prefix: 'exports/', ExpirationInDays: EXPORT_RETENTION_DAYS, Status: 'Enabled' });
    expect(rules.find((r) => r.Id === 'AbortIncompleteUploads')).toMatchObject({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } });
  });

  it('gives the API and the worker object access on their own prefixes only, and the bucket name', () => {
    const api = s3AccessOf(functionIdOf(functionCatalog.api.description));
    expect(api.attachments).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:PutObject', 's3:DeleteObject*']));
    expect(api.exports).toEqual(expect.arrayContaining(['s3:GetObject*']));
    expect(api.exports).not.toContain('s3:PutObject');
    expect(api.exports).not.toContain('s3:DeleteObject*');
    const worker = s3AccessOf(functionIdOf(functionCatalog.jobWorker.description));
    expect(worker.attachments).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:DeleteObject*']));
    expect(worker.attachments).not.toContain('s3:PutObject');
    expect(worker.exports).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:PutObject', 's3:Abort*']));
    expect(worker.exports).not.toContain('s3:DeleteObject*');
    for (const [id, fn] of functions) {
      const hasBucket = JSON.stringify(fn.Properties.Environment?.Variables?.BLOB_BUCKET ?? '').includes(bucketId as string);
      const declared = Object.values(functionCatalog).some((f) => 'blobs' in f.access && f.description === fn.Properties.Description);
      expect(hasBucket, id).toBe(declared);
      if (!declared) expect(s3AccessOf(id), id).toEqual({});
    }
  });
});
