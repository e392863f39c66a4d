import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { lambdaEsbuildOptions } from '../../infra/bundling.js';
import { bundleFunction } from '../../local/lambda/bundle-cache.js';
import { nodeBinaryFor } from '../../local/lambda/bundle-invoker.js';
import { PROJECT_ROOT } from '../../local/server/paths.js';

/**
 * Finding 2: with `@aws-sdk/*` left to the Lambda runtime, a runtime SDK that predates a command the
 * code imports (GetWhatsAppFlowCommand) fails the whole module. Bundled, the bundle alone must load:
 * it is imported by the Lambda runtime's Node from a folder with no node_modules anywhere above it.
 */
const work = mkdtempSync(join(tmpdir(), 'eum-bundled-sdk-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function importAlone(bundleFile: string, dir: string): { status: number | null; stderr: string; stdout: string } {
  const file = join(dir, 'index.mjs');
  copyFileSync(bundleFile, file);
  const script = `const m = await import(${JSON.stringify(file)}); process.stdout.write(typeof m.handler);`;
  const out = spawnSync(nodeBinaryFor(), ['--input-type=module', '-e', script], { cwd: dir, env: { PATH: '/usr/bin:/bin', AWS_REGION: 'us-east-1' }, encoding: 'utf8' });
  return { status: out.status, stderr: out.stderr, stdout: out.stdout };
}

describe('the AWS SDK is bundled into each function (finding 2)', () => {
  it('the stack bundles nothing as external', () => {
    expect(lambdaEsbuildOptions.external ?? []).toEqual([]);
  });

  it('the actions bundle loads on the Lambda runtime Node with no node_modules reachable', async () => {
    const { file } = await bundleFunction('actions', join(PROJECT_ROOT, 'functions', 'handlers', 'actions.ts'));
    const dir = mkdtempSync(join(work, 'actions-'));
    const out = importAlone(file, dir);
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe('function');
  }, 120_000);

  it('a module importing GetWhatsAppFlowCommand resolves it from its bundle, and would not with the SDK external', async () => {
    const entry = join(work, 'flow-entry.ts');
    writeFileSync(entry, "import { GetWhatsAppFlowCommand } from '@aws-sdk/client-socialmessaging';\nexport const handler = async () => GetWhatsAppFlowCommand.name;\n");
    const bundleWith = async (external: string[], out: string) => {
      await build({
        ...lambdaEsbuildOptions,
        external,
        entryPoints: [entry],
        outfile: out,
        absWorkingDir: PROJECT_ROOT,
        nodePaths: [join(PROJECT_ROOT, 'node_modules')],
        logLevel: 'silent',
      });
      return out;
    };
    const bundled = importAlone(await bundleWith(lambdaEsbuildOptions.external ?? [], join(work, 'bundled.mjs')), mkdtempSync(join(work, 'bundled-')));
    expect(bundled.stdout).toBe('function');
    // The check can fail: the same module with the SDK left external cannot load here.
    const external = importAlone(await bundleWith(['@aws-sdk/*'], join(work, 'external.mjs')), mkdtempSync(join(work, 'external-')));
    expect(external.status).not.toBe(0);
    expect(external.stderr).toMatch(/Cannot find package '@aws-sdk\/client-socialmessaging'/);
  }, 120_000);
});
