// The `compat` setting of a context (README "etcdctl 3.7 and 3.6"): the etcdctl line when
// ETCDCTLTS_COMPAT is unset; precedence variable > context > default (3.7). A malformed file
// or a bad value never breaks version, help or completion; commands that use the settings
// report it (exit 14). No server is needed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ours } from '../support/run';

const V36 = 'etcdctl version: 3.6.14\nAPI version: 3.6\n';
const V37 = 'etcdctl version: 3.7.1\nAPI version: 3.7\n';
let dir: string;
let file: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ctx-compat-'));
  file = join(dir, 'config.yaml');
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs ours with the config file and ETCDCTLTS_COMPAT unset (unless `compat` is given). */
function run(args: string[], compat?: string) {
  return ours(args, { env: { ETCDCTLTS_CONFIG: file, XDG_CONFIG_HOME: dir, ETCDCTLTS_COMPAT: compat } });
}

describe('compat in a context', () => {
  test('current-context and --context pick the line; the variable wins; no setting: 3.7', async () => {
    writeFileSync(
      file,
      'current-context: old\ncontexts:\n  old:\n    compat: "3.6"\n  new:\n    compat: v3.7.1\n  plain:\n    endpoints: 127.0.0.1:1\n',
    );
    assert.equal((await run(['version'])).out, V36);
    assert.equal((await run(['--context', 'new', 'version'])).out, V37);
    assert.equal((await run(['--context=plain', 'version'])).out, V37);
    assert.equal((await run(['version'], '3.7')).out, V37);
    assert.equal((await run(['--context', 'new', 'version'], '3.6')).out, V36);
    // the whole line follows: help layout, completion
    assert.match((await run(['--help'])).out, /^NAME:\n/);
    assert.match(
      (await run(['--context', 'new', '--help'])).out,
      /^A simple command line client for etcd3\.\n\nUsage:\n/,
    );
    assert.match((await run(['__complete', 'get', '--k'])).out, /^--keepalive-time\t/);
    writeFileSync(file, 'current-context: new\ncontexts:\n  new:\n    compat: "3.7"\n');
    assert.equal((await run(['__complete', 'get', '--k'])).out, '--keys-only\tGet only the keys\n:4\n');
  });

  test('config set-context --compat, config view --resolved names the source', async () => {
    writeFileSync(file, '');
    let r = await run(['config', 'set-context', 'a', '--endpoints', '127.0.0.1:1', '--compat', 'v3.6']);
    assert.equal(r.code, 0, r.err);
    r = await run(['config', 'use-context', 'a']);
    assert.equal(r.code, 0, r.err);
    assert.match((await run(['config', 'view'])).out, /^ {4}compat: 3\.6$/m);
    assert.equal((await run(['version'])).out, V36);
    assert.match((await run(['config', 'view', '--resolved'])).out, /^compat=3\.6\t\(context\)$/m);
    assert.match((await run(['config', 'view', '--resolved'], '3.7')).out, /^compat=3\.7\t\(env\)$/m);
    r = await run(['config', 'set-context', 'b', '--compat', '3.5']);
    assert.equal(r.code, 128);
    assert.equal(r.err, 'Error: --compat must be 3.7 or 3.6, not "3.5"\n');
    writeFileSync(file, 'contexts:\n  a:\n    endpoints: x\n');
    assert.match((await run(['config', 'view', '--resolved'])).out, /^compat=3\.7\t\(default\)$/m);
  });

  test('a bad value or a malformed file: version, help and completion run the default line; commands exit 14', async () => {
    for (const text of [
      'current-context: a\ncontexts:\n  a:\n    compat: "3.5"\n',
      'current-context: a\ncontexts:\n  a: [\n',
    ]) {
      writeFileSync(file, text);
      let r = await run(['version']);
      assert.equal(r.out, V37);
      assert.equal(r.code, 0);
      r = await run(['--help']);
      assert.equal(r.code, 0);
      assert.equal(r.out, (await ours(['--help'], { env: { ETCDCTLTS_COMPAT: undefined } })).out);
      r = await run(['__complete', 'o']);
      assert.equal(r.out, 'options\tShow the global command-line flags\n:4\n');
      r = await run(['get', 'k']);
      assert.equal(r.code, 14);
      assert.match(r.err, new RegExp(`^Error: config file ${file}: line \\d+: `));
    }
    writeFileSync(file, 'current-context: a\ncontexts:\n  a:\n    compat: "3.5"\n');
    const r = await run(['get', 'k']);
    assert.equal(r.err, `Error: config file ${file}: line 4: compat must be 3.7 or 3.6, not "3.5"\n`);
  });

  test('--context naming no context: version runs the default line, commands exit 14', async () => {
    writeFileSync(file, 'contexts:\n  a:\n    compat: "3.6"\n');
    assert.equal((await run(['--context', 'nosuch', 'version'])).out, V37);
    const r = await run(['--context', 'nosuch', 'get', 'k']);
    assert.equal(r.code, 14);
  });
});
