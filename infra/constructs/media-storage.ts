import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INBOUND_MEDIA_PREFIX, OUTBOUND_MEDIA_PREFIX } from '../../functions/domain/media/keys.js';
import { acknowledge } from '../nag.js';

export interface MediaStorageProps {
  /** Days before an inbound media object expires (context mediaInboundExpiryDays). */
  inboundExpiryDays: number;
  /** Days before an outbound media object expires (context mediaOutboundExpiryDays). */
  outboundExpiryDays: number;
}

/**
 * The media bucket (issue 19): inbound files fetched by store-media, outbound files the business
 * sends. EUM Social reads and writes it with the caller's own permissions (S3 file or presigned
 * URL; same account and Region as the WABA), so no bucket policy names EUM's service principal.
 * SSE-S3, not KMS: EUM reading an `sourceS3File` would need kms:Decrypt on a customer key.
 */
export class MediaStorage extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: MediaStorageProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [
        { id: 'inbound-expiry', prefix: INBOUND_MEDIA_PREFIX, expiration: Duration.days(props.inboundExpiryDays) },
        { id: 'outbound-expiry', prefix: OUTBOUND_MEDIA_PREFIX, expiration: Duration.days(props.outboundExpiryDays) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // Customer files: kept if the stack is deleted, like the table.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.bucket,
      'AwsSolutions-S1',
      'No server access logs: objects are only reached through the functions (CloudTrail data events can be enabled per account) and presigned URLs that expire in minutes.',
    );
  }
}
