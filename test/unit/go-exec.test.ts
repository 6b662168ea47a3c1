// The command run by `lock <name> <cmd>`: Go's os/exec texts and etcdctl
// 3.6's exit statuses (docs/etcdctl-behaviour.md §10.2), with real child processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookPath, runChild, signalText } from '../../src/go/exec';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

test('exit statuses and signals', async () => {
  assert.deepEqual(await runChild(['sh', '-c', 'exit 0'], env), { code: 0 });
  assert.deepEqual(await runChild(['sh', '-c', 'exit 3'], env), { error: 'exit status 3', code: 3 });
  assert.deepEqual(await runChild(['sh', '-c', 'exit 255'], env), { error: 'exit status 255', code: 255 });
  assert.deepEqual(await runChild(['sh', '-c', 'kill -9 $$'], env), { error: 'signal: killed', code: 255 });
  assert.deepEqual(await runChild(['sh', '-c', 'kill -INT $$'], env), { error: 'signal: interrupt', code: 255 });
});

test('programs that cannot be started', async () => {
  assert.deepEqual(await runChild(['no-such-program-xyz'], env), {
    error: 'exec: "no-such-program-xyz": executable file not found in $PATH',
    code: 1,
  });
  assert.deepEqual(await runChild(['/nonexistent/prog'], env), {
    error: 'fork/exec /nonexistent/prog: no such file or directory',
    code: 1,
  });
  assert.deepEqual(await runChild([''], env), { error: 'fork/exec : no such file or directory', code: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-exec-'));
  try {
    const notExec = join(dir, 'plain');
    writeFileSync(notExec, '#!/bin/sh\n');
    assert.deepEqual(await runChild([notExec], env), { error: `fork/exec ${notExec}: permission denied`, code: 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PATH lookup (exec.LookPath)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-exec-'));
  try {
    const prog = join(dir, 'prog');
    writeFileSync(prog, '#!/bin/sh\n');
    chmodSync(prog, 0o755);
    writeFileSync(join(dir, 'plain'), '');
    assert.deepEqual(lookPath('prog', `/nonexistent:${dir}`), { path: prog });
    assert.deepEqual(lookPath('plain', dir), { error: 'exec: "plain": executable file not found in $PATH' });
    assert.deepEqual(lookPath('prog', ''), { error: 'exec: "prog": executable file not found in $PATH' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Go signal names', () => {
  assert.equal(signalText('SIGKILL'), 'killed');
  assert.equal(signalText('SIGTERM'), 'terminated');
  assert.equal(signalText('SIGINT'), 'interrupt');
  assert.equal(signalText('SIGSEGV'), 'segmentation fault');
});
