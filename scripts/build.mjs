// Builds the shipped CLI:
//   dist/etcdctl-bundle.js  the whole CLI in one file (esbuild); modules a command
//                           does not need are not evaluated (lazy imports stay lazy)
//   dist/etcdctl-bundle.js.cache  V8 code cache for it, made here, so that a cold
//                           start does not re-compile the bundle (Node 20 has no
//                           built-in compile cache)
//   dist/etcdctl.js         the loader bin/etcdctl requires (src/launcher.cjs)
//   dist/THIRD-PARTY-NOTICES.txt  name, version, license and license text of every
//                           npm package the bundle contains (the published package
//                           has no runtime dependencies: they are all in the bundle)
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
// Built in a fresh folder, then renamed into dist/ file by file: a CLI started
// meanwhile (tests run in parallel) never sees a missing or half-written file.
mkdirSync(dist, { recursive: true });
const stage = mkdtempSync(join(dist, '.stage-'));
const bundle = join(stage, 'etcdctl-bundle.js');
// grpc-js requires `net` for sockets and for address checks: its copy goes
// through scripts/shims/net.cjs (an IPv4 address never runs Node's IPv6 RegExp).
const netShim = {
  name: 'grpc-net-shim',
  setup(b) {
    b.onResolve({ filter: /^net$/ }, (args) =>
      args.importer.includes(`${join('node_modules', '@grpc', 'grpc-js')}`)
        ? { path: join(root, 'scripts/shims/net.cjs') }
        : undefined,
    );
  },
};
const result = await build({
  metafile: true,
  entryPoints: [join(root, 'src/main.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifySyntax: true,
  minifyWhitespace: true,
  minifyIdentifiers: true,
  // Only grpc-js's lazily required channelz/ORCA service definitions use these:
  // left out of the bundle, they are required from node_modules if ever needed.
  external: ['@grpc/proto-loader', 'protobufjs', 'long'],
  plugins: [netShim],
  legalComments: 'none',
  logLevel: 'warning',
});
copyFileSync(join(root, 'src/launcher.cjs'), join(stage, 'etcdctl.js'));
writeFileSync(join(stage, 'THIRD-PARTY-NOTICES.txt'), notices(Object.keys(result.metafile.inputs)));

// The V8 code cache is made by a child process (scripts/code-cache.cjs), bounded
// in time: without a cache the CLI still works, it only compiles at start.
const made = spawnSync(process.execPath, [join(root, 'scripts/code-cache.cjs'), bundle], {
  stdio: 'inherit',
  timeout: 20_000,
});
if (made.status !== 0)
  console.warn(`build: no V8 code cache (${made.error?.message ?? `exit ${made.status}`}); start-up will be slower`);

for (const name of ['etcdctl-bundle.js', 'etcdctl-bundle.js.cache', 'etcdctl.js', 'THIRD-PARTY-NOTICES.txt']) {
  try {
    renameSync(join(stage, name), join(dist, name));
  } catch (e) {
    if (name !== 'etcdctl-bundle.js.cache') throw e;
    rmSync(join(dist, name), { force: true });
  }
}
rmSync(stage, { recursive: true, force: true });

/** The notices of the npm packages among the bundle's inputs (innermost node_modules/ folder). */
function notices(inputs) {
  const dirs = new Set();
  for (const input of inputs) {
    const all = [...input.matchAll(/(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//g)];
    if (all.length > 0) {
      const last = all[all.length - 1];
      dirs.add(input.slice(0, last.index + last[0].length - 1));
    }
  }
  const parts = [...dirs].sort().map((dir) => {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const file = readdirSync(join(root, dir)).find((f) => /^(licen[cs]e|copying)(\..*)?$/i.test(f));
    const text = file
      ? readFileSync(join(root, dir, file), 'utf8').trim()
      : `(no license file; package.json says ${pkg.license})`;
    return `${pkg.name} ${pkg.version} (${pkg.license})\n\n${text}\n`;
  });
  return `dist/etcdctl-bundle.js contains the following npm packages.\n\n${parts.join(`\n${'-'.repeat(72)}\n\n`)}`;
}
