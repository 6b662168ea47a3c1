// Bundles the CLI into one file, dist/etcdctl.js (esbuild). Modules a command
// does not need are not evaluated: dynamic imports stay lazy inside the bundle.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'src/main.ts')],
  outfile: join(root, 'dist/etcdctl.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
});
