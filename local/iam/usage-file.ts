import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { grantUsage, type GrantUsage, type IamEnforcer } from './enforcer.js';

/**
 * Test runs: each runtime writes its functions' grant usage into IAM_USAGE_DIR when it stops, and
 * the suite's global teardown prints the grants no run used, once (test/iam-usage.global.ts).
 */
export const IAM_USAGE_DIR_ENV = 'IAM_USAGE_DIR';

export function saveGrantUsage(enforcer: IamEnforcer, id: string, dir = process.env[IAM_USAGE_DIR_ENV]): void {
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${process.pid}-${id}.json`), JSON.stringify(grantUsage(enforcer)));
}

export function loadGrantUsage(dir: string): GrantUsage[][] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as GrantUsage[]);
}
