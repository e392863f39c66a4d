import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretProvider } from '../../ports/index.js';
import { loadOnce } from '../load-once.js';
import { traced } from '../../observability/tracer.js';

const sdk = loadOnce(() => import('./secrets-manager-commands.js'));

/**
 * Reads secrets from Secrets Manager by ARN or name, cached in memory for `ttlMs`.
 * Secrets never travel through environment variables: only their ARNs do.
 */
export class SecretsManagerProvider implements SecretProvider {
  private readonly cache = new Map<string, { value: string; until: number }>();

  constructor(
    private client?: SecretsManagerClient,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  async get(name: string): Promise<string> {
    const hit = this.cache.get(name);
    if (hit && hit.until > Date.now()) return hit.value;
    const { SecretsManagerClient, GetSecretValueCommand } = await sdk();
    this.client ??= traced(new SecretsManagerClient({}));
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: name }));
    if (!out.SecretString) throw new Error(`secret ${name} has no string value`);
    this.cache.set(name, { value: out.SecretString, until: Date.now() + this.ttlMs });
    return out.SecretString;
  }
}
