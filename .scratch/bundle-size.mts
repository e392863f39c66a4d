import { build } from 'esbuild';
import { lambdaEsbuildOptions } from '../infra/bundling.js';
const name = process.argv[2] ?? 'emit-payment-outcome';
const r = await build({ ...lambdaEsbuildOptions, entryPoints: [`functions/handlers/${name}.ts`], write: false, metafile: true, outdir: '/tmp/b', sourcemap: false });
const inputs = Object.entries(r.metafile!.outputs['/tmp/b/' + name + '.js']?.inputs ?? Object.values(r.metafile!.outputs)[0]!.inputs);
const byPkg = new Map<string, number>();
for (const [file, v] of inputs) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  const k = m ? m[1]! : file.split('/').slice(0, 2).join('/');
  byPkg.set(k, (byPkg.get(k) ?? 0) + v.bytesInOutput);
}
console.log([...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${(v / 1024).toFixed(0).padStart(6)} KB ${k}`).join('\n'));
console.log('total', (r.outputFiles.find(f=>f.path.endsWith('.js'))!.contents.length / 1024).toFixed(0), 'KB');
