// Arguments and flags -> requests for role and user commands (docs/etcdctl-behaviour.md §10.6, §10.7), including
// etcdctl's validation order, error texts and exit code 128.
import { test } from 'node:test';
import { PassThrough } from 'node:stream';
import assert from 'node:assert/strict';
import { buildGrantRequest, buildRevokeRequest, permFlags, permRange, permTypeOf } from '../../src/commands/role';
import { buildUserAddRequest, newUserOf, USER_ADD_FLAGS } from '../../src/commands/user';
import { defaultOpts } from '../../src/cli/flags';
import { Permission_Type } from '../../src/proto/gen/auth';
import { CliError } from '../../src/errors';
import type { Io } from '../../src/io/io';

const none = defaultOpts(permFlags('grant'));
const prefix = { ...none, prefix: true };
const fromKey = { ...none, fromKey: true };
const both = { prefix: true, fromKey: true };
const range = (args: string[], f = none) => {
  const r = permRange(args, f);
  return [r.key.toString('latin1'), r.rangeEnd.toString('latin1')];
};
const badArgs = (message: string) => (e: unknown) => e instanceof CliError && e.code === 128 && e.message === message;

test('permission ranges', () => {
  assert.deepEqual(range(['k']), ['k', '']);
  assert.deepEqual(range(['k'], prefix), ['k', 'l']);
  assert.deepEqual(range(['a\xff'], prefix), ['a\xc3\xbf', 'a\xc3\xc0']);
  assert.deepEqual(range(['k'], fromKey), ['k', '\x00']);
  assert.deepEqual(range(['k', 'm']), ['k', 'm']);
  assert.deepEqual(range(['k', 'm', 'ignored']), ['k', 'm']);
  // The empty key is the whole key space; an endkey is then ignored.
  assert.deepEqual(range(['']), ['\x00', '']);
  assert.deepEqual(range([''], prefix), ['\x00', '\x00']);
  assert.deepEqual(range([''], fromKey), ['\x00', '\x00']);
  assert.deepEqual(range(['', 'z'], prefix), ['\x00', '\x00']);
});

test('permission range errors', () => {
  assert.throws(() => permRange(['k'], both), badArgs('--from-key and --prefix flags are mutually exclusive'));
  assert.throws(() => permRange([''], both), badArgs('--from-key and --prefix flags are mutually exclusive'));
  assert.throws(() => permRange(['k', 'm'], prefix), badArgs('unexpected endkey argument with --prefix flag'));
  assert.throws(() => permRange(['k', 'm'], fromKey), badArgs('unexpected endkey argument with --from-key flag'));
  // With an endkey, --prefix is reported even when --from-key is also set.
  assert.throws(() => permRange(['k', 'm'], both), badArgs('unexpected endkey argument with --prefix flag'));
});

test('permission types, any case', () => {
  assert.equal(permTypeOf('read'), Permission_Type.READ);
  assert.equal(permTypeOf('Write'), Permission_Type.WRITE);
  assert.equal(permTypeOf('READWRITE'), Permission_Type.READWRITE);
  assert.throws(() => permTypeOf('rw'), badArgs('invalid permission type: rw'));
});

test('grant-permission request and validation order', () => {
  const req = buildGrantRequest(['r1', 'readwrite', '/p/'], prefix);
  assert.equal(req.name, 'r1');
  assert.equal(req.perm?.permType, Permission_Type.READWRITE);
  assert.equal(req.perm?.key.toString(), '/p/');
  assert.equal(req.perm?.range_end.toString(), '/p0');
  assert.throws(
    () => buildGrantRequest(['r1', 'read'], none),
    badArgs('role grant command requires role name, permission type, and key [endkey] as its argument'),
  );
  // The permission type is checked before the range flags.
  assert.throws(() => buildGrantRequest(['r1', 'bad', 'k', 'm'], prefix), badArgs('invalid permission type: bad'));
});

test('revoke-permission request', () => {
  const req = buildRevokeRequest(['r1', '/fk'], fromKey);
  assert.equal(req.role, 'r1');
  assert.equal(req.key.toString(), '/fk');
  assert.deepEqual([...req.range_end], [0]);
  assert.throws(
    () => buildRevokeRequest(['r1'], none),
    badArgs('role revoke-permission command requires role name and key [endkey] as its argument'),
  );
});

/** An Io whose stdin holds `input` and whose stdout is recorded. */
function fakeIo(input: string): { io: Io; out: () => string } {
  const stdin = new PassThrough();
  stdin.end(input);
  let out = '';
  const sink = {
    write: (d: string | Uint8Array) => void (out += Buffer.from(d).toString()),
    drain: async () => undefined,
    flush: async () => undefined,
    isTTY: false,
  };
  return { io: { stdin, stdout: sink, stderr: sink, env: {} }, out: () => out };
}

test('user add: the password sources in etcdctl order', async () => {
  const flags = defaultOpts(USER_ADD_FLAGS);
  const io = fakeIo('').io;
  assert.deepEqual(await newUserOf('carol:c:pw', flags, { io }), {
    name: 'carol',
    password: 'c:pw',
    noPassword: false,
  });
  assert.deepEqual(await newUserOf('carol:x', { ...flags, newUserPassword: 'pw' }, { io }), {
    name: 'carol:x',
    password: 'pw',
    noPassword: false,
  });
  assert.deepEqual(await newUserOf('carol:x', { ...flags, newUserPassword: 'pw', noPassword: true }, { io }), {
    name: 'carol:x',
    password: '',
    noPassword: true,
  });
  await assert.rejects(newUserOf(':pw', flags, { io }), badArgs('empty user name is not allowed'));
  const piped = fakeIo('  word rest\n');
  assert.deepEqual(await newUserOf('dave', { ...flags, interactive: false }, piped), {
    name: 'dave',
    password: 'word',
    noPassword: false,
  });
  assert.equal(piped.out(), '');
});

test('user add: two prompts on stdout, answers compared', async () => {
  const flags = defaultOpts(USER_ADD_FLAGS);
  const ok = fakeIo('pw\npw\n');
  assert.deepEqual(await newUserOf('erin', flags, ok), { name: 'erin', password: 'pw', noPassword: false });
  assert.equal(ok.out(), 'Password of erin: \nType password of erin again for confirmation: \n');
  await assert.rejects(newUserOf('erin', flags, fakeIo('a\nb\n')), badArgs('given passwords are different'));
  const empty = fakeIo('');
  await assert.rejects(newUserOf('erin', flags, empty), badArgs('empty password'));
  assert.equal(empty.out(), 'Password of erin: \n');
});

test('user add request carries the no-password option', () => {
  const req = buildUserAddRequest({ name: 'n', password: '', noPassword: true });
  assert.equal(req.options?.no_password, true);
  assert.equal(buildUserAddRequest({ name: 'n', password: 'p', noPassword: false }).options?.no_password, false);
});
