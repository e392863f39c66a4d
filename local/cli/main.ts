// `npm run cli -- <args>` / `tsx local/cli/main.ts <args>`: the eum-social CLI (see cli.ts).
import '../polyfills.js';
import { runMain } from './run-main.js';

await runMain();
