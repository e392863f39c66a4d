import { mkdirSync } from 'node:fs';
import { LocalS3Store } from '../aws-endpoints/s3.js';
import { EventArchive } from '../bus/archive.js';
import { DeliveryOutbox } from '../bus/outbox.js';
import { DeadLetterQueue } from '../dlq/dlq.js';
import { startDynamo, type LocalDynamo } from '../dynamo/dynamo.js';
import { LOCAL_MEDIA_BUCKET_NAME } from '../iam/local-arns.js';
import { FileWriter } from '../server/files.js';

/** The one table of the stack, locally. */
export const TABLE_NAME = 'eum-social';

/** What the runtime keeps: files under the data folder (archive, dead letters, outbox), DynamoDB, S3. */
export interface Storage {
  files: FileWriter;
  /** Where the file-backed parts write (a folder that is never created when in memory). */
  fileDir: string;
  archive: EventArchive;
  dlq: DeadLetterQueue;
  outbox: DeliveryOutbox;
  /** Target deliveries a killed process had accepted and not finished: redelivered once handlers are wired. */
  pendingDeliveries: Awaited<ReturnType<DeliveryOutbox['load']>>;
  dynamo: LocalDynamo;
  s3: LocalS3Store;
}

/** Opens (or, in memory, creates empty) everything the runtime persists. */
export async function openStorage(opts: { memory: boolean; dataDir: string | undefined }): Promise<Storage> {
  const { memory, dataDir } = opts;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const files = new FileWriter(!memory);
  const fileDir = dataDir ?? '/nonexistent-memory-runtime';
  const archive = new EventArchive(fileDir, files);
  const dlq = new DeadLetterQueue(fileDir, files);
  const outbox = new DeliveryOutbox(dataDir);
  if (!memory) await Promise.all([archive.load(), dlq.load()]);
  const pendingDeliveries = await outbox.load();
  const dynamo = await startDynamo({ memory, dataDir: fileDir, tableName: TABLE_NAME });
  // The stack's media bucket, locally (objects in memory for the life of the process).
  const s3 = new LocalS3Store();
  s3.createBucket(LOCAL_MEDIA_BUCKET_NAME);
  return { files, fileDir, archive, dlq, outbox, pendingDeliveries, dynamo, s3 };
}
