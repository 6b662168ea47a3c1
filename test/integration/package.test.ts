// The published package: `npm pack` (its prepack script builds dist/) makes a tarball
// holding only what runs (bin, built dist, man pages, completions, README, LICENSE);
// `npm install -g --offline --prefix TMP` of that tarball installs an `etcdctl` that works
// outside the checkout (no node_modules to lean on: the bundle carries its dependencies),
// talks to a real etcd, and whose man page `man -w` finds under the prefix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type Cluster } from '../support/etcd';
import { ours, runCli, type RunOptions } from '../support/run';
import { findRepoRoot } from '../support/root';

const root = findRepoRoot();
const tmp = mkdtempSync(join(tmpdir(), 'etcdctl-ts-pack-'));
const prefix = join(tmp, 'prefix');
let cluster: Cluster;
let tarball: string;
let packed: string[];

/** npm with the environment of a user's shell: no npm_* variables of the `npm test` around us. */
function npm(args: string[], opts: RunOptions = {}): ReturnType<typeof runCli> {
  const env: Record<string, string | undefined> = { ...opts.env };
  for (const k of Object.keys(process.env)) if (k.startsWith('npm_')) env[k] = undefined;
  return runCli('npm', args, { timeoutMs: 180_000, ...opts, env });
}

before(async () => {
  const [pack, c] = await Promise.all([
    npm(['pack', '--json', '--pack-destination', tmp], { cwd: root }),
    startCluster({ size: 1 }),
  ]);
  cluster = c;
  assert.equal(pack.code, 0, pack.err);
  const [info] = JSON.parse(pack.out) as { filename: string; files: { path: string }[] }[];
  tarball = join(tmp, info.filename);
  packed = info.files.map((f) => f.path).sort();
  const inst = await npm(['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], {
    cwd: tmp,
  });
  assert.equal(inst.code, 0, inst.err);
});

after(async () => {
  await cluster?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test('the tarball holds only what runs', () => {
  const listed = (dir: string): string[] => readdirSync(join(root, dir)).map((f) => `${dir}/${f}`);
  const expected = [
    'LICENSE',
    'README.md',
    'package.json',
    'bin/etcdctl',
    'dist/etcdctl.js',
    'dist/etcdctl-bundle.js',
    'dist/etcdctl-bundle.js.cache',
    'dist/THIRD-PARTY-NOTICES.txt',
    ...listed('man'),
    ...listed('completions'),
  ].sort();
  assert.deepEqual(packed, expected);
});

test('package.json: publishable, builds on pack, no runtime dependencies, every man page listed', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(pkg.private, undefined);
  assert.equal((pkg.scripts as Record<string, string>).prepack, 'npm run build');
  assert.equal(pkg.dependencies, undefined, 'the bundle carries its dependencies');
  assert.deepEqual(
    pkg.man,
    readdirSync(join(root, 'man'))
      .sort()
      .map((f) => `./man/${f}`),
  );
  assert.match(readFileSync(join(root, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0, January 2004/);
});

test('the installed etcdctl and etcdctl-ts run `version`', async () => {
  const want = await ours(['version']);
  for (const bin of ['etcdctl', 'etcdctl-ts']) {
    const r = await runCli(join(prefix, 'bin', bin), ['version'], { cwd: tmp });
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, want.out);
    assert.equal(r.err, '');
  }
});

test('the installed etcdctl talks to a real etcd', async () => {
  const ep = `--endpoints=${cluster.endpoints[0]}`;
  const put = await runCli(join(prefix, 'bin', 'etcdctl'), [ep, 'put', '/pack/k', 'from the tarball'], { cwd: tmp });
  assert.equal(put.code, 0, put.err);
  assert.equal(put.out, 'OK\n');
  const get = await runCli(join(prefix, 'bin', 'etcdctl'), [ep, 'get', '/pack/k'], { cwd: tmp });
  assert.equal(get.code, 0, get.err);
  assert.equal(get.out, '/pack/k\nfrom the tarball\n');
});

test('man -w etcdctl finds the installed man page under the prefix', async () => {
  const r = await runCli('man', ['-w', 'etcdctl'], { env: { MANPATH: join(prefix, 'share', 'man') } });
  assert.equal(r.code, 0, r.err);
  const page = r.out.trim();
  assert.ok(realpathSync(page).startsWith(realpathSync(prefix)), page);
  assert.equal(readFileSync(page, 'utf8'), readFileSync(join(root, 'man', 'etcdctl.1'), 'utf8'));
  const sub = await runCli('man', ['-w', 'etcdctl-get'], { env: { MANPATH: join(prefix, 'share', 'man') } });
  assert.equal(sub.code, 0, sub.err);
});
