import { build } from 'esbuild';
import { lambdaEsbuildOptions } from '../infra/bundling.js';
await build({ ...lambdaEsbuildOptions, entryPoints: ['functions/handlers/actions.ts'], outfile: '/tmp/bundle-actions/index.mjs', sourcemap: false });
