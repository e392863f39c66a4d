import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';

/** A call that fails: the `nth` call (from 1) of a command class, with `error`, after `before` has run. */
export interface InjectedFault {
  command: string;
  nth: number;
  error: () => Error;
  before?: () => Promise<void>;
}

/**
 * The test table's client with what dynalite does not do. The options are read on every call, so
 * a test may replace its arrays between cases.
 * - `sent`: every command's class name is recorded there, and `faults` fail the calls they name
 *   before they reach the table (a throttle, a cancelled transaction…).
 * - `awsReads`: DynamoDB's read semantics under load, which dynalite never shows: a read that is
 *   not strongly consistent answers as a replica that has not seen the last writes yet (legal right
 *   after a write), and every index query is cut into pages of at most two items, as DynamoDB cuts
 *   pages at 1 MB; `onIndexPage` is told of each page.
 */
export function dynamoFake(
  real: DynamoDBDocumentClient,
  opts: { sent?: () => string[]; faults?: () => InjectedFault[]; awsReads?: boolean; onIndexPage?: () => void },
): DynamoDBDocumentClient {
  return {
    send: async (command: { constructor: { name: string } }) => {
      const sent = opts.sent?.();
      if (sent) {
        const name = command.constructor.name;
        sent.push(name);
        const nth = sent.filter((s) => s === name).length;
        const fault = opts.faults?.().find((f) => f.command === name && f.nth === nth);
        if (fault) {
          await fault.before?.();
          throw fault.error();
        }
      }
      if (opts.awsReads) {
        if (command instanceof GetCommand && command.input.ConsistentRead !== true) return { Item: undefined };
        if (command instanceof QueryCommand && !command.input.IndexName && command.input.ConsistentRead !== true) return { Items: [], Count: 0 };
        if (command instanceof QueryCommand && command.input.IndexName) {
          opts.onIndexPage?.();
          return real.send(new QueryCommand({ ...command.input, Limit: Math.min(command.input.Limit ?? 2, 2) }));
        }
      }
      return real.send(command as never);
    },
  } as unknown as DynamoDBDocumentClient;
}
