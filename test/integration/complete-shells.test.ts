// Our completion scripts (as `etcdctl completion bash|zsh|fish` prints them) in real bash,
// zsh and fish, with our binary as `etcdctl` first on PATH (test/support/shells.ts): a
// sub-command, a flag value (-w), and, with ETCDCTLTS_COMPLETE_LIVE=1, live keys from a real
// etcd (endpoints from ETCDCTL_ENDPOINTS or from --endpoints on the line), falling back to
// the static completion, silently, when the endpoint is unreachable. bash is driven twice:
// through COMP_WORDS/COMPREPLY, and through real readline (the edited line after a TAB).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from '../support/etcd';
import { ours } from '../support/run';
import { ShellRig, type ShellName } from '../support/shells';

let cluster: Cluster;
let rig: ShellRig;
let endpoints: Record<string, string>;
const LIVE = { ETCDCTLTS_COMPLETE_LIVE: '1' };

before(async () => {
  cluster = await startCluster({ size: 1 });
  endpoints = { ETCDCTL_ENDPOINTS: cluster.endpoints[0] };
  for (const k of [
    '/app/config/a',
    '/app/config/b',
    '/app/count',
    '/app/name',
    '/top',
    'svc:alpha',
    'svc:beta',
    'sp ace',
  ]) {
    const r = await ours(['put', k, 'v'], { env: endpoints });
    assert.equal(r.code, 0, r.err);
  }
  rig = await ShellRig.create();
});

after(async () => {
  await cluster?.stop();
});

const sorted = (a: string[]): string[] => [...a].sort();

for (const shell of ['bash', 'zsh', 'fish'] as ShellName[]) {
  describe(shell, () => {
    test('a sub-command name', async () => {
      const r = await rig.complete(shell, 'etcdctl mem');
      assert.deepEqual(r.values, ['member']);
      assert.equal(r.stderr, '');
      const m = await rig.complete(shell, 'etcdctl member re');
      assert.deepEqual(m.values, ['remove']);
    });

    test('a flag value: -w offers the output formats', async () => {
      const r = await rig.complete(shell, 'etcdctl get -w ');
      assert.deepEqual(sorted(r.values), ['fields', 'json', 'protobuf', 'simple', 'table']);
      assert.equal(r.stderr, '');
    });

    test('a flag name', async () => {
      const r = await rig.complete(shell, 'etcdctl get --keys-');
      assert.deepEqual(r.values, ['--keys-only']);
    });

    test('live keys from etcd under the typed prefix (ETCDCTL_ENDPOINTS)', async () => {
      const r = await rig.complete(shell, 'etcdctl get /app/c', { ...LIVE, ...endpoints });
      assert.deepEqual(sorted(r.values), ['/app/config/', '/app/count']);
      assert.equal(r.stderr, '');
      if (shell === 'bash') assert.deepEqual(r.compopt, ['-o nospace'], 'a key directory: no space after it');
      const deeper = await rig.complete(shell, 'etcdctl get /app/config/', { ...LIVE, ...endpoints });
      assert.deepEqual(sorted(deeper.values), ['/app/config/a', '/app/config/b']);
      if (shell === 'bash') assert.deepEqual(deeper.compopt, [], 'plain keys: a space after the one chosen');
    });

    test('live keys from the endpoints given on the line (--endpoints=http://host:port)', async () => {
      const r = await rig.complete(shell, `etcdctl --endpoints=${cluster.clientUrls[0]} get /t`, LIVE);
      assert.deepEqual(r.values, ['/top']);
      assert.equal(r.stderr, '');
    });

    test('a live key with a colon (bash: readline replaces only the text after the last : of the word)', async () => {
      const r = await rig.complete(shell, 'etcdctl get svc:', { ...LIVE, ...endpoints });
      assert.deepEqual(sorted(r.values), shell === 'bash' ? ['alpha', 'beta'] : ['svc:alpha', 'svc:beta']);
    });

    test('without ETCDCTLTS_COMPLETE_LIVE: no keys (file completion, in an empty directory)', async () => {
      const r = await rig.complete(shell, 'etcdctl get /app/c', endpoints);
      assert.deepEqual(r.values, []);
      if (shell === 'bash') assert.deepEqual(r.compopt, ['-o default']);
    });

    test('unreachable endpoint: the static completion, nothing on stderr', async () => {
      const r = await rig.complete(shell, 'etcdctl --endpoints=127.0.0.1:1 get /app/c', LIVE);
      assert.equal(r.code, 0);
      assert.deepEqual(r.values, []);
      assert.equal(r.stderr, '');
      if (shell === 'bash') assert.deepEqual(r.compopt, ['-o default']);
      const sub = await rig.complete(shell, 'etcdctl --endpoints=127.0.0.1:1 mem', LIVE);
      assert.deepEqual(sub.values, ['member']);
    });
  });
}

describe('bash through readline: the line after one TAB', () => {
  const cases: [string, string, Record<string, string>?][] = [
    ['etcdctl mem', 'etcdctl member '],
    ['etcdctl get -w j', 'etcdctl get -w json '],
    ['etcdctl get --write-out=j', 'etcdctl get --write-out=json '],
    ['etcdctl get /app/con', 'etcdctl get /app/config/', LIVE],
    ['etcdctl get /app/config/a', 'etcdctl get /app/config/a ', LIVE],
    ['etcdctl get svc:a', 'etcdctl get svc:alpha ', LIVE],
    ['etcdctl get sp', 'etcdctl get sp\\ ace ', LIVE],
    ['etcdctl get /app/con', 'etcdctl get /app/con'],
  ];
  for (const [line, want, env] of cases) {
    test(`${line}${env ? ' (live)' : ''}`, async () => {
      assert.equal((await rig.bashReadline(line, { ...endpoints, ...env })).line, want);
    });
  }

  test('--endpoints=http://host:port on the line (split at : and = by readline)', async () => {
    const line = `etcdctl --endpoints=${cluster.clientUrls[0]} get /t`;
    assert.equal((await rig.bashReadline(line, LIVE)).line, `${line.slice(0, -2)}/top `);
  });
});
