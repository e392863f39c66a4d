/**
 * Rules as plain data: the CDK stack and the local bus both generate their routing from these.
 * A Lambda target's `name` is the handler file `functions/handlers/<name>.ts`;
 * a state machine target's `name` is the ASL file `state-machines/<name>.asl.json`.
 * A rule on our own events takes its `detail-type` list from the catalogue
 * (`detailTypesRoutedTo(<rule name>)`): an event type joins a rule by naming it in `routedTo`.
 */
export type RuleTarget =
  | { kind: 'lambda'; name: string }
  | {
      kind: 'state-machine';
      name: string;
      /**
       * JSONPath input template for StartExecution, `$.detail` by default. The execution name is
       * derived from `detail.eventId` so a duplicate event cannot start a second execution.
       */
      inputPath?: string;
    };

export interface RuleDefinition {
  /** Unique rule name, kebab-case. */
  name: string;
  description: string;
  /** `custom` = the eum-social bus; `default` = the account's default bus (aws.* events). */
  bus: 'custom' | 'default';
  pattern: Record<string, unknown>;
  target: RuleTarget;
}
