/**
 * What `sfnSdk()` loads: only the client and commands the adapters send. esbuild keeps every
 * export of a dynamic import()'s target, so importing the package there would bundle all its commands.
 */
export { DescribeExecutionCommand, SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
