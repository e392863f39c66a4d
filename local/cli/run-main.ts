import { readFileSync } from 'node:fs';
import { runCli } from './cli.js';

/** Entry used by the bin launcher (eum-social.js): real process streams and exit code. */
export async function runMain(argv = process.argv.slice(2)): Promise<void> {
  process.exitCode = await runCli(argv, {
    stdout: (t) => process.stdout.write(`${t}\n`),
    stderr: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
    stdin: () => readFileSync(0, 'utf8'),
  });
}
