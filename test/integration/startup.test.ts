// Start-up loads only what a command needs (design: performance principles):
// commands that never talk to a server load no gRPC/TLS/HTTP2/crypto modules,
// and only commands that use them load the heavy ones. Checked on the built CLI
// through Node's own list of loaded built-in modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, oursBin } from '../support/run';

const dir = mkdtempSync(join(tmpdir(), 'etcdctl-startup-'));
const preload = join(dir, 'record.cjs');
writeFileSync(
  preload,
  `process.on('exit', () => require('fs').writeFileSync(process.env.MODLIST_OUT, process.moduleLoadList.join('\\n')));\n`,
);

async function modulesFor(args: string[]): Promise<Set<string>> {
  const out = join(dir, `mods-${args.join('_').replace(/\W/g, '')}.txt`);
  const r = await runCli(process.execPath, ['-r', preload, oursBin(), ...args], { env: { MODLIST_OUT: out } });
  assert.ok(r.code === 0 || r.code === 1, `${args.join(' ')} exited ${r.code}: ${r.err}`);
  return new Set(
    readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('NativeModule '))
      .map((l) => l.slice(13)),
  );
}

const NETWORK_STACK = ['http2', 'tls', 'crypto', 'zlib', 'dns', 'fs/promises', 'readline'];

for (const args of [['version'], ['get', '--help'], ['--help'], ['get', '--bogus']]) {
  test(`\`etcdctl ${args.join(' ')}\` loads none of ${NETWORK_STACK.join(', ')}`, async () => {
    const mods = await modulesFor(args);
    assert.ok(mods.has('vm'), 'the recording works (vm is loaded by the launcher)');
    assert.deepEqual(
      NETWORK_STACK.filter((m) => mods.has(m)),
      [],
    );
  });
}

test('a command that talks to a server does load the gRPC stack (the check can fail)', async () => {
  const mods = await modulesFor(['--endpoints=127.0.0.1:1', '--command-timeout=100ms', 'get', 'k']);
  assert.ok(mods.has('http2'));
});
