import * as z from 'zod';

/** An S3 object to send: `bucket` defaults to the project's media bucket. Pure (no AWS client): the console bundles it. */
export const S3ObjectInput = z.object({
  bucket: z.string().min(3).max(63).optional().describe('S3 bucket (default: the media bucket, env MEDIA_BUCKET)'),
  key: z.string().min(1).max(1024).describe('S3 object key'),
});
export type S3ObjectRef = z.infer<typeof S3ObjectInput>;
