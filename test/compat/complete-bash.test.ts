// etcdctl's own cobra-generated bash script (from the real etcdctl 3.5.30) driven in a real
// bash against OUR binary on PATH: the script calls `etcdctl __complete …` and must get
// what it expects. bash-completion's _get_comp_words_by_ref is stubbed when absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { oursBin, cleanEnv } from '../support/run';
import { realEtcdctl } from '../support/etcd/binaries';

function completeInBash(words: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'w2c-'));
  symlinkSync(oursBin(), join(dir, 'etcdctl'));
  const script = join(dir, 'etcdctl.bash');
  writeFileSync(script, execFileSync(realEtcdctl('3.5'), ['completion', 'bash']));
  const prog = [
    'type _get_comp_words_by_ref >/dev/null 2>&1 || _get_comp_words_by_ref(){ cur="${COMP_WORDS[COMP_CWORD]}"; prev="${COMP_WORDS[COMP_CWORD-1]}"; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }',
    'compopt(){ :; }',
    `source ${script}`,
    'COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}',
    '__start_etcdctl',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const r = spawnSync('bash', ['-c', prog, 'bash', ...words], {
    env: { ...cleanEnv(), PATH: `${dir}:${process.env.PATH}` },
    encoding: 'utf8',
  });
  return r.stdout.split('\n').filter((l) => l !== '');
}

test("etcdctl's bash script completes a sub-command with our binary", () => {
  assert.deepEqual(completeInBash(['etcdctl', 'member', 're']), ['remove']);
});

test("etcdctl's bash script completes flag names with our binary", () => {
  assert.deepEqual(completeInBash(['etcdctl', 'get', '--k']), [
    '--keepalive-time',
    '--keepalive-timeout',
    '--key',
    '--keys-only',
  ]);
});
