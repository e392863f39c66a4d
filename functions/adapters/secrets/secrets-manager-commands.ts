/**
 * What the Secrets Manager provider loads on first use: only the client and commands the adapters send. esbuild keeps every
 * export of a dynamic import()'s target, so importing the package there would bundle all its commands.
 */
export { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
