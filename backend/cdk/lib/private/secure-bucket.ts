import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export interface SecureBucketProps {
  /** KMS key for the objects; `undefined` = SSE-S3 (S3 server access log targets need it). */
  readonly encryptionKey: kms.IKey | undefined;
  /** Bucket receiving this bucket's server access logs; `undefined` for the log bucket itself. */
  readonly accessLogs: s3.IBucket | undefined;
  /** Prefix of this bucket's access logs in `accessLogs`. */
  readonly accessLogsPrefix?: string;
  /** Expire objects after this many days; `undefined` = keep. */
  readonly expireAfterDays?: number;
  readonly removalPolicy: RemovalPolicy;
  /** Needed only by CloudFront standard logs, which write with ACLs. */
  readonly objectOwnership?: s3.ObjectOwnership;
}

/**
 * An S3 bucket with the pipeline's non-negotiable defaults: public access blocked, TLS only,
 * encrypted, versioned, access-logged, old versions and failed uploads cleaned up.
 *
 * @param scope - the owning construct
 * @param id - construct id
 * @param props - encryption, logging and lifecycle
 * @returns the bucket
 * @example secureBucket(this, 'Lake', { encryptionKey: key, accessLogs, removalPolicy: RemovalPolicy.RETAIN })
 */
export function secureBucket(scope: Construct, id: string, props: SecureBucketProps): s3.Bucket {
  return new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    ...(props.encryptionKey
      ? {
          encryption: s3.BucketEncryption.KMS,
          encryptionKey: props.encryptionKey,
          bucketKeyEnabled: true,
        }
      : { encryption: s3.BucketEncryption.S3_MANAGED }),
    ...(props.accessLogs
      ? {
          serverAccessLogsBucket: props.accessLogs,
          serverAccessLogsPrefix: props.accessLogsPrefix ?? `${id.toLowerCase()}/`,
        }
      : {}),
    objectOwnership: props.objectOwnership ?? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [
      {
        abortIncompleteMultipartUploadAfter: Duration.days(7),
        noncurrentVersionExpiration: Duration.days(30),
        ...(props.expireAfterDays ? { expiration: Duration.days(props.expireAfterDays) } : {}),
      },
    ],
    removalPolicy: props.removalPolicy,
  });
}
