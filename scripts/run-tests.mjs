#!/usr/bin/env node
// Test runner (body of `npm test`, after build + typecheck):
//   node scripts/run-tests.mjs [PATH_FILTER...]
// Finds test/**/*.test.ts, bundles each with esbuild into .test-build/ (same relative paths,
// CJS, node20, npm packages external, inline source maps), then runs
//   node --test --test-concurrency=2 <bundled files>
// with inherited stdio and exits with its status. A filter keeps the files whose repo-relative
// path equals it, lies under it (a folder) or contains it as a substring.
// Env for the tests: ETCDCTL_TS_ROOT=<repo root>; NODE_OPTIONS gains --enable-source-maps.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const testDir = path.join(root, 'test');
const outDir = path.join(root, '.test-build');

const toPosix = (p) => p.split(path.sep).join('/');

function findTests(dir) {
  const found = [];
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      found.push(...findTests(full));
    } else if (e.isFile() && e.name.endsWith('.test.ts')) {
      found.push(toPosix(path.relative(root, full)));
    }
  }
  return found;
}

function matches(rel, filter) {
  const asPath = toPosix(path.relative(root, path.resolve(process.cwd(), filter)));
  const raw = toPosix(filter).replace(/^\.\//, '').replace(/\/+$/, '');
  return rel === asPath || rel.startsWith(asPath + '/') || (raw !== '' && rel.includes(raw));
}

const filters = process.argv.slice(2).filter((a) => a !== '');
let files = findTests(testDir).sort();
if (filters.length > 0) files = files.filter((f) => filters.some((flt) => matches(f, flt)));
if (files.length === 0) {
  console.error(
    filters.length > 0
      ? `run-tests: no test/**/*.test.ts file matches ${filters.map((f) => JSON.stringify(f)).join(', ')}`
      : 'run-tests: no test/**/*.test.ts files found',
  );
  process.exit(1);
}

// No wiping of .test-build/: a concurrent run in the same tree may be using its bundles; ours
// are overwritten, and only the files bundled now are run.
fs.mkdirSync(outDir, { recursive: true });
// the bundles are CommonJS whatever the root package.json says
fs.writeFileSync(path.join(outDir, 'package.json'), '{ "type": "commonjs" }\n');

const t0 = Date.now();
try {
  await build({
    absWorkingDir: root,
    entryPoints: files,
    outbase: root,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
} catch (e) {
  // esbuild has already printed the errors
  console.error(`run-tests: bundling failed${e && e.errors ? ` (${e.errors.length} error(s))` : `: ${e}`}`);
  process.exit(1);
}
const bundled = files.map((f) => path.join(outDir, f.replace(/\.ts$/, '.js')));
console.error(`run-tests: bundled ${files.length} test file(s) in ${Date.now() - t0} ms`);

const nodeOptions = [process.env.NODE_OPTIONS, '--enable-source-maps'].filter(Boolean).join(' ');
const child = spawn(process.execPath, ['--test', '--test-concurrency=2', ...bundled], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ETCDCTL_TS_ROOT: root, NODE_OPTIONS: nodeOptions },
});

// Pass termination requests on to the test runner (which stops the test processes; the rig's
// own handlers then kill their etcd members) and wait for it to finish.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  });
}

child.on('error', (e) => {
  console.error(`run-tests: cannot start node --test: ${e.message}`);
  process.exit(1);
});
// Safety net: etcd members left by test processes that died without cleaning up (e.g. SIGKILL).
// The rig (test/support/etcd.ts) records each cluster in os.tmpdir()/etcdctl-ts-rig-*/owner.json;
// a folder whose owner process is gone is reaped: its etcd PIDs (if /proc/<pid>/cmdline still
// names the data dir) get SIGKILL and the folder is removed.
function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}
function reapOrphans() {
  let reaped = 0;
  let entries;
  try {
    entries = fs.readdirSync(os.tmpdir()).filter((e) => e.startsWith('etcdctl-ts-rig-'));
  } catch {
    return;
  }
  for (const entry of entries) {
    const dir = path.join(os.tmpdir(), entry);
    let owner;
    try {
      owner = JSON.parse(fs.readFileSync(path.join(dir, 'owner.json'), 'utf8'));
    } catch {
      continue;
    }
    if (!Number.isInteger(owner.ownerPid) || pidAlive(owner.ownerPid)) continue;
    for (const m of owner.members ?? []) {
      try {
        if (fs.readFileSync(`/proc/${m.pid}/cmdline`, 'utf8').includes(m.dataDir)) {
          process.kill(m.pid, 'SIGKILL');
          reaped++;
        }
      } catch {
        // already gone
      }
    }
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
  if (reaped > 0) console.error(`run-tests: killed ${reaped} orphaned etcd process(es)`);
}

child.on('exit', (code, signal) => {
  reapOrphans();
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
