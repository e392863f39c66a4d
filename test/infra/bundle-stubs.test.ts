import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LAMBDA_ALIASES, lambdaEsbuildOptions } from '../../infra/bundling.js';
import { PROJECT_ROOT } from '../../local/server/paths.js';

/**
 * A package stubbed in the bundles (LAMBDA_ALIASES) is safe only while the code that reaches it is
 * the code whose use of it was shown dead. Every function is bundled (one esbuild run) and each
 * stub's importers are compared with the ones its comment in infra/bundling.ts reasons about: a new
 * dependency reaching a stub fails here, not on Lambda.
 */
const EXPECTED_IMPORTERS: Record<string, string[]> = {
  'mime-db': ['node_modules/mime-types/index.js'],
  semver: ['node_modules/aws-xray-sdk-core/dist/lib/patchers/aws_p.js'],
};
const HANDLERS = join(PROJECT_ROOT, 'functions', 'handlers');
const SOURCES = ['functions', 'events'].map((d) => join(PROJECT_ROOT, d));

/** Paths in the metafile are relative to the project, through node_modules' real location: keep what follows node_modules/. */
const packagePath = (p: string) => (p.includes('node_modules/') ? `node_modules/${p.split('node_modules/').pop()}` : p);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('packages stubbed in the Lambda bundles', () => {
  it('the stubs cover exactly the packages whose importers are known', () => {
    expect(Object.keys(LAMBDA_ALIASES).sort()).toEqual(Object.keys(EXPECTED_IMPORTERS).sort());
  });

  it('every function reaches each stub only from its known importer', async () => {
    const entryPoints = readdirSync(HANDLERS)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(HANDLERS, f));
    const res = await build({ ...lambdaEsbuildOptions, entryPoints, outdir: 'out', write: false, metafile: true, absWorkingDir: PROJECT_ROOT, logLevel: 'silent' });
    const importers: Record<string, Set<string>> = Object.fromEntries(Object.keys(LAMBDA_ALIASES).map((pkg) => [pkg, new Set<string>()]));
    for (const [file, input] of Object.entries(res.metafile.inputs)) {
      for (const imp of input.imports) {
        for (const [pkg, stub] of Object.entries(LAMBDA_ALIASES)) if (imp.path === relative(PROJECT_ROOT, join(PROJECT_ROOT, stub))) importers[pkg]!.add(packagePath(file));
      }
    }
    // The check can fail: each stub is reached (an alias nothing reaches would be dead config).
    for (const [pkg, expected] of Object.entries(EXPECTED_IMPORTERS)) expect([...importers[pkg]!].sort(), pkg).toEqual(expected);
  }, 120_000);

  it("semver's only caller in the bundles, X-Ray's captureAWS (AWS SDK v2), is never called by the functions", () => {
    const callers = SOURCES.flatMap(sourceFiles).filter((f) => /\bcapture(AWS|AWSClient)\(/.test(readFileSync(f, 'utf8')));
    expect(callers).toEqual([]);
    expect(readFileSync(join(PROJECT_ROOT, 'functions', 'observability', 'tracer.ts'), 'utf8')).toMatch(/\bcaptureAWSv3Client\(/);
  });

  it('the semver stub throws, naming itself, if it is ever called', () => {
    const stub = createRequire(import.meta.url)(join(PROJECT_ROOT, LAMBDA_ALIASES.semver!)) as { gte(a: string, b: string): boolean };
    expect(() => stub.gte('2.7.15', '2.7.15')).toThrow(/semver is stubbed in the Lambda bundles/);
  });
});
