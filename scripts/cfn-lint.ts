import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run lint:cfn`: cfn-lint over every template `cdk synth` wrote to cdk.out. Fails on any error
 * or warning that infra/cfn-lint-allow.json does not name with its reason, and on an allowance
 * that no longer matches anything (so the list stays as narrow as the findings).
 */
interface Finding {
  Rule: { Id: string };
  Level: 'Error' | 'Warning' | 'Informational';
  Message: string;
  Filename: string;
  Location: { Path: (string | number)[]; Start: { LineNumber: number } };
}
interface Allowance {
  rule: string;
  /** A regular expression the finding's message must match. */
  message: string;
  reason: string;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'cdk.out');
const allowances = (JSON.parse(readFileSync(join(root, 'infra', 'cfn-lint-allow.json'), 'utf8')) as { allow: Allowance[] }).allow;

const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
if (version.error || version.status !== 0) {
  console.error('cfn-lint is not installed (it is a Python tool: pip install cfn-lint, or .ci/run installs it). The template cannot be checked: failing.');
  process.exit(1);
}
const templates = existsSync(outDir)
  ? readdirSync(outDir)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => join(outDir, f))
  : [];
if (!templates.length) {
  console.error('no template in cdk.out: run `npm run synth` first');
  process.exit(1);
}

const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...templates], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
// cfn-lint exits non-zero whenever it finds something; only its JSON says what.
let findings: Finding[];
try {
  findings = JSON.parse(run.stdout || '[]') as Finding[];
} catch {
  console.error(`cfn-lint did not answer JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
}

const used = new Set<Allowance>();
const failing = findings.filter((f) => {
  if (f.Level === 'Informational') return false;
  const allowance = allowances.find((a) => a.rule === f.Rule.Id && new RegExp(a.message).test(f.Message));
  if (allowance) used.add(allowance);
  return !allowance;
});
const stale = allowances.filter((a) => !used.has(a));

console.log(
  `${version.stdout.trim()}: ${templates.length} template(s), ${findings.length} finding(s), ${findings.length - failing.length} allowed with a reason (infra/cfn-lint-allow.json)`,
);
for (const f of failing) console.error(`${f.Level} ${f.Rule.Id} ${f.Location.Path.join('/')} (line ${f.Location.Start.LineNumber}): ${f.Message}`);
for (const a of stale) console.error(`stale allowance in infra/cfn-lint-allow.json (matches nothing now, remove it): ${a.rule} /${a.message}/`);
if (failing.length || stale.length) process.exit(1);
