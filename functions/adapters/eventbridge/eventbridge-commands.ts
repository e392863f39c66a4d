/**
 * What the publisher loads on first use: only the client and commands the adapters send. esbuild keeps every
 * export of a dynamic import()'s target, so importing the package there would bundle all its commands.
 */
export { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
