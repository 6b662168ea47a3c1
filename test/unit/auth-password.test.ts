// Reading passwords from stdin (docs/etcdctl-behaviour.md §3.6, §10.6): speakeasy's line reading (trimmed, prompt
// and newline on stdout) and Go's Scanf("%s") for --interactive=false.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { goTrimSpace } from '../../src/go/unicode';
import { readPassword, scanWord } from '../../src/io/prompt';
import { resolveCredentials } from '../../src/cli/credentials';
import type { Io } from '../../src/io/io';
import type { GlobalConfig } from '../../src/settings';

function fakeIo(chunks: string[]): { io: Io; out: () => string } {
  const stdin = new PassThrough();
  for (const c of chunks) stdin.write(c);
  stdin.end();
  let out = '';
  const sink = {
    write: (d: string | Uint8Array) => void (out += Buffer.from(d).toString()),
    drain: async () => undefined,
    flush: async () => undefined,
    isTTY: false,
  };
  return { io: { stdin, stdout: sink, stderr: sink, env: {} }, out: () => out };
}

test('goTrimSpace trims what Go trims', () => {
  assert.equal(goTrimSpace(' \t pw \r\n'), 'pw');
  assert.equal(goTrimSpace('\u0085pw\u00a0'), 'pw');
  assert.equal(goTrimSpace('\ufeffpw'), '\ufeffpw');
  assert.equal(goTrimSpace('a b'), 'a b');
});

test('readPassword: one line per prompt, even from one chunk', async () => {
  const { io, out } = fakeIo([' one \r\ntwo\nthree']);
  assert.equal(await readPassword(io, 'P1: '), 'one');
  assert.equal(await readPassword(io, 'P2: '), 'two');
  assert.equal(await readPassword(io, 'P3: '), 'three');
  assert.equal(await readPassword(io, 'P4: '), '');
  assert.equal(out(), 'P1: \nP2: \nP3: \nP4: \n');
});

test('readPassword: a line split over chunks, multi-byte characters', async () => {
  const { io } = fakeIo(['pä', 'ss\nx\n']);
  assert.equal(await readPassword(io, ''), 'päss');
});

test('scanWord: Go Scanf("%s")', async () => {
  assert.equal(await scanWord(fakeIo(['  word rest\n']).io), 'word');
  assert.equal(await scanWord(fakeIo(['\tword']).io), 'word');
  assert.equal(await scanWord(fakeIo(['\nword\n']).io), '');
  assert.equal(await scanWord(fakeIo(['\r\nword\n']).io), '');
  assert.equal(await scanWord(fakeIo(['']).io), '');
  assert.equal(await scanWord(fakeIo(['   ']).io), '');
  assert.equal(await scanWord(fakeIo(['a:b;c\td']).io), 'a:b;c');
});

const cfg = (user: string, password = '', authJwtToken = ''): GlobalConfig =>
  ({ user, password, authJwtToken }) as GlobalConfig;

test('--user / --password (docs/etcdctl-behaviour.md §3.6)', async () => {
  const { io, out } = fakeIo(['typed\n']);
  assert.equal(await resolveCredentials(cfg(''), io), undefined);
  assert.deepEqual(await resolveCredentials(cfg('root:a:b'), io), { name: 'root', password: 'a:b' });
  assert.deepEqual(await resolveCredentials(cfg('root:x', 'pw'), io), { name: 'root:x', password: 'pw' });
  assert.equal(out(), '');
  assert.deepEqual(await resolveCredentials(cfg('root'), io), { name: 'root', password: 'typed' });
  assert.equal(out(), 'Password: \n');
});

test('3.7 --auth-jwt-token: --user/--password ignored, no prompt, no split (docs/etcdctl-3.7-behaviour.md §2.2)', async () => {
  const { io, out } = fakeIo(['typed\n']);
  assert.equal(await resolveCredentials(cfg('root', '', 'a.b.c'), io), undefined);
  assert.equal(await resolveCredentials(cfg('root:pw', '', 'a.b.c'), io), undefined);
  assert.equal(await resolveCredentials(cfg('root', 'pw', 'a.b.c'), io), undefined);
  assert.equal(out(), '');
});
