import { build } from 'esbuild';
import { lambdaEsbuildOptions } from '../infra/bundling.js';
const name = process.argv[2] ?? 'emit-payment-outcome';
const r = await build({ ...lambdaEsbuildOptions, entryPoints: [`functions/handlers/${name}.ts`], write: false, metafile: true, outdir: '/tmp/b', sourcemap: false });
const inputs = Object.entries(Object.values(r.metafile!.outputs)[0]!.inputs).filter(([f]) => f.includes('zod') || f.includes('mime-db'));
console.log(inputs.sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 12).map(([f, v]) => `${(v.bytesInOutput / 1024).toFixed(0)} ${f}`).join('\n'));
console.log(inputs.filter(([f])=>f.includes('locales')).length, 'locale files');
