/** The project's media bucket (env MEDIA_BUCKET). */
export interface MediaBucket {
  readonly name: string;
  head(key: string, bucket?: string): Promise<{ sizeBytes: number; contentType?: string } | undefined>;
  read(key: string, bucket?: string): Promise<Buffer>;
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  presignGet(key: string, expiresInSeconds: number, bucket?: string): Promise<string>;
  presignPut(key: string, expiresInSeconds: number): Promise<string>;
}
