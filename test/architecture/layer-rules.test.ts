import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const run = promisify(execFile);

/** Cruises one probe file (written into the tree for the call) with the project's rules; the rule names it breaks. */
async function violationsOf(path: string, source: string): Promise<string[]> {
  writeFileSync(join(ROOT, path), source);
  try {
    const out = await run(process.execPath, [DEPCRUISE, path, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).catch(
      // depcruise exits non-zero when it finds violations; the report is on stdout either way.
      (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
    );
    const report = JSON.parse(out.stdout) as { summary: { violations: { from: string; rule: { name: string } }[] } };
    return report.summary.violations.filter((v) => v.from === path).map((v) => v.rule.name);
  } finally {
    rmSync(join(ROOT, path), { force: true });
  }
}

describe('the layer rules (.dependency-cruiser.cjs) fire', () => {
  it('a domain file importing an adapter breaks domain-stays-pure', async () => {
    const rules = await violationsOf(
      'functions/domain/shared/arch-probe-domain.ts',
      "import { DynamoMessageStore } from '../../adapters/dynamodb/message-store.js';\nexport const probe = DynamoMessageStore;\n",
    );
    expect(rules).toContain('domain-stays-pure');
  });

  it('an adapter importing the wiring breaks adapters-never-import-wiring', async () => {
    const rules = await violationsOf('functions/adapters/dynamodb/arch-probe-adapter.ts', "import { getDeps } from '../../wiring/shared.js';\nexport const probe = getDeps;\n");
    expect(rules).toContain('adapters-never-import-wiring');
  });

  it('a domain file importing only ports, the catalogue and other domain code breaks nothing', async () => {
    const rules = await violationsOf(
      'functions/domain/shared/arch-probe-clean.ts',
      "import type { MessageStore } from '../../ports/message-store.js';\nimport { maskPhone } from './mask.js';\nexport const probe = (s: MessageStore) => [s, maskPhone];\n",
    );
    expect(rules).toEqual([]);
  });
});
