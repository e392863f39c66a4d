/**
 * Single source of truth for the bus, the event source and every domain `detail-type`.
 * CDK, handlers, the local runtime and tests all import these names.
 */
export const BUS_NAME = 'eum-social';
/**
 * The custom bus of a deployed stack: named after the stack, so several stacks (`-c stackName=…`)
 * live side by side in one account and region. The local runtime is one stack and uses BUS_NAME.
 */
export const busNameFor = (stackName: string): string => `${stackName}-${BUS_NAME}`;
export const EVENT_SOURCE = 'eum.social';
/** Source of the events EUM Social publishes on the account's default bus. */
export const AWS_SOCIAL_MESSAGING_SOURCE = 'aws.social-messaging';

/** Every domain detail-type, derived from its one definition in events/catalog/. */
export { DetailType, type DetailTypeName } from './catalog/index.js';
