#!/usr/bin/env node
// The `eum-social` bin: runs the TypeScript CLI through tsx, so it works after `npm ci` with no build.
import { register } from 'tsx/esm/api';

register();
const { runMain } = await import('./run-main.ts');
await runMain();
