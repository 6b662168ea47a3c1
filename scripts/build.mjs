// Builds the shipped CLI:
//   dist/etcdctl-bundle.js  the whole CLI in one file (esbuild); modules a command
//                           does not need are not evaluated (lazy imports stay lazy)
//   dist/etcdctl-bundle.js.cache  V8 code cache for it, made here, so that a cold
//                           start does not re-compile the bundle (Node 20 has no
//                           built-in compile cache)
//   dist/etcdctl.js         the loader bin/etcdctl requires (src/launcher.cjs)
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const bundle = join(dist, 'etcdctl-bundle.js');
rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'src/main.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
});
copyFileSync(join(root, 'src/launcher.cjs'), join(dist, 'etcdctl.js'));

// The V8 code cache is made by a child process (scripts/code-cache.cjs), bounded
// in time: without a cache the CLI still works, it only compiles at start.
const made = spawnSync(process.execPath, [join(root, 'scripts/code-cache.cjs'), bundle], { stdio: 'inherit', timeout: 20_000 });
if (made.status !== 0) console.warn(`build: no V8 code cache (${made.error?.message ?? `exit ${made.status}`}); start-up will be slower`);
