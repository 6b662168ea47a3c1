// Response -> text for auth, user and role (docs/etcdctl-behaviour.md §10.5-10.7), with the outputs shown there
// (observed with the real etcdctl) and the 3.6 special cases of docs/etcdctl-behaviour.md §11.4 #12/#13.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from '../../src/output/printer';
import {
  authStatusRenderers,
  headerOnlyRenderers,
  revokeText,
  roleGetRenderers,
  roleListRenderers,
  userGetRenderers,
  userListRenderers,
} from '../../src/output/auth';
import {
  AuthRoleGetResponse,
  AuthRoleListResponse,
  AuthStatusResponse,
  AuthUserAddResponse,
  AuthUserGetResponse,
  AuthUserListResponse,
} from '../../src/proto/gen/rpc';
import { Permission_Type } from '../../src/proto/gen/auth';
import { CliError } from '../../src/errors';

const header = { cluster_id: 14443903163313418560n, member_id: 11417610130673999598n, revision: 20n, raft_term: 2n };
const HDR_JSON = '{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":20,"raft_term":2}';
const HDR_FIELDS =
  '"ClusterID" : 14443903163313418560\n"MemberID" : 11417610130673999598\n"Revision" : 20\n"RaftTerm" : 2\n';
const opts = { hex: false, compat: '3.6' as const };
const text = (r: string | Uint8Array): string => Buffer.from(r).toString('latin1');
const perm = (permType: Permission_Type, key: string, end = '') => ({
  permType,
  key: Buffer.from(key),
  range_end: Buffer.from(end),
});

// The role r1 of docs/etcdctl-behaviour.md §10.7.
const r1 = AuthRoleGetResponse.fromPartial({
  header,
  perm: [
    perm(Permission_Type.READ, '/a'),
    perm(Permission_Type.READ, '/fk', '\x00'),
    perm(Permission_Type.READWRITE, '/p/', '/p0'),
    perm(Permission_Type.WRITE, '/x', '/y'),
  ],
});

test('role get (simple)', () => {
  assert.equal(
    text(render(roleGetRenderers, 'simple', { name: 'r1', resp: r1 }, opts)),
    'Role r1\nKV Read:\n\t/a\n\t[/fk, <open ended>\n\t[/p/, /p0) (prefix /p/)\nKV Write:\n\t[/p/, /p0) (prefix /p/)\n\t[/x, /y) (prefix /x)\n',
  );
});

test('role get -w json', () => {
  assert.equal(
    render(roleGetRenderers, 'json', { name: 'r1', resp: r1 }, opts),
    `{"header":${HDR_JSON},"perm":[{"key":"L2E="},{"key":"L2Zr","range_end":"AA=="},{"permType":2,"key":"L3Av","range_end":"L3Aw"},{"permType":1,"key":"L3g=","range_end":"L3k="}]}\n`,
  );
});

test('role get -w fields: two spaces before the permission type', () => {
  assert.equal(
    render(roleGetRenderers, 'fields', { name: 'r1', resp: r1 }, opts),
    HDR_FIELDS +
      '"PermType" :  READ\n"Key" : "/a"\n"RangeEnd" : ""\n' +
      '"PermType" :  READ\n"Key" : "/fk"\n"RangeEnd" : "\\x00"\n' +
      '"PermType" :  READWRITE\n"Key" : "/p/"\n"RangeEnd" : "/p0"\n' +
      '"PermType" :  WRITE\n"Key" : "/x"\n"RangeEnd" : "/y"\n',
  );
});

test('role get -w table is not supported (exit 4)', () => {
  assert.throws(
    () => render(roleGetRenderers, 'table', { name: 'r1', resp: r1 }, opts),
    (e: unknown) => e instanceof CliError && e.code === 4 && e.message === 'table not supported as output format',
  );
});

test('role get root without permissions: 3.6 shows the full range (docs/etcdctl-behaviour.md §11.4 #12)', () => {
  const empty = AuthRoleGetResponse.fromPartial({ header });
  assert.equal(
    text(render(roleGetRenderers, 'simple', { name: 'root', resp: empty }, opts)),
    'Role root\nKV Read:\n\t[, <open ended>\nKV Write:\n\t[, <open ended>\n',
  );
  assert.equal(
    text(render(roleGetRenderers, 'simple', { name: 'r2', resp: empty }, opts)),
    'Role r2\nKV Read:\nKV Write:\n',
  );
});

test('role get: the whole key space and raw key bytes', () => {
  const resp = AuthRoleGetResponse.fromPartial({
    header,
    perm: [
      perm(Permission_Type.READ, '\x00', '\x00'),
      { permType: Permission_Type.WRITE, key: Buffer.from([0xff, 0x01]), range_end: Buffer.from([0xff, 0x02]) },
    ],
  });
  assert.equal(
    text(render(roleGetRenderers, 'simple', { name: 'r', resp }, opts)),
    'Role r\nKV Read:\n\t[\x00, <open ended>\nKV Write:\n\t[\xff\x01, \xff\x02) (prefix \xff\x01)\n',
  );
});

test('role list: simple, fields', () => {
  const resp = AuthRoleListResponse.fromPartial({ header, roles: ['r1', 'root'] });
  assert.equal(render(roleListRenderers, 'simple', resp, opts), 'r1\nroot\n');
  assert.equal(render(roleListRenderers, 'fields', resp, opts), `${HDR_FIELDS}"Roles" : "r1" "root"\n`);
  assert.equal(render(roleListRenderers, 'json', resp, opts), `{"header":${HDR_JSON},"roles":["r1","root"]}\n`);
  const none = AuthRoleListResponse.fromPartial({ header });
  assert.equal(render(roleListRenderers, 'fields', none, opts), `${HDR_FIELDS}"Roles" :\n`);
});

test('user get: simple, json; fields not supported', () => {
  const resp = AuthUserGetResponse.fromPartial({ header, roles: ['r1', 'r2'] });
  assert.equal(render(userGetRenderers, 'simple', { name: 'alice', resp }, opts), 'User: alice\nRoles: r1 r2\n');
  assert.equal(
    render(userGetRenderers, 'json', { name: 'alice', resp }, opts),
    `{"header":${HDR_JSON},"roles":["r1","r2"]}\n`,
  );
  const none = AuthUserGetResponse.fromPartial({ header });
  assert.equal(render(userGetRenderers, 'simple', { name: 'bob', resp: none }, opts), 'User: bob\nRoles:\n');
  assert.throws(
    () => render(userGetRenderers, 'fields', { name: 'bob', resp: none }, opts),
    /fields not supported as output format/,
  );
});

test('user list: simple, json, protobuf', () => {
  const resp = AuthUserListResponse.fromPartial({ header, users: ['alice', 'root'] });
  assert.equal(render(userListRenderers, 'simple', resp, opts), 'alice\nroot\n');
  assert.equal(render(userListRenderers, 'json', resp, opts), `{"header":${HDR_JSON},"users":["alice","root"]}\n`);
  assert.deepEqual(
    Buffer.from(render(userListRenderers, 'protobuf', resp, opts)),
    Buffer.from(AuthUserListResponse.encode(resp).finish()),
  );
  assert.throws(() => render(userListRenderers, 'fields', resp, opts), /fields not supported as output format/);
});

test('header-only responses: simple text, json, fields header, --hex IDs', () => {
  const resp = AuthUserAddResponse.fromPartial({ header });
  const r = headerOnlyRenderers(AuthUserAddResponse, () => 'User carol created\n');
  assert.equal(render(r, 'simple', resp, opts), 'User carol created\n');
  assert.equal(render(r, 'json', resp, opts), `{"header":${HDR_JSON}}\n`);
  assert.equal(render(r, 'fields', resp, opts), HDR_FIELDS);
  assert.equal(
    render(r, 'fields', resp, { hex: true, compat: '3.6' as const }),
    '"ClusterID" : c8730d66636ff140\n"MemberID" : 9e737febb6b99eee\n"Revision" : 20\n"RaftTerm" : 2\n',
  );
  assert.throws(() => render(r, 'table', resp, opts), /table not supported as output format/);
});

test('auth status: simple, json; fields not supported', () => {
  const resp = AuthStatusResponse.fromPartial({ header, enabled: true, authRevision: 7n });
  assert.equal(render(authStatusRenderers, 'simple', resp, opts), 'Authentication Status: true\nAuthRevision: 7\n');
  assert.equal(
    render(authStatusRenderers, 'json', resp, opts),
    `{"header":${HDR_JSON},"enabled":true,"authRevision":7}\n`,
  );
  const off = AuthStatusResponse.fromPartial({ header, authRevision: 1n });
  assert.equal(render(authStatusRenderers, 'simple', off, opts), 'Authentication Status: false\nAuthRevision: 1\n');
  assert.throws(() => render(authStatusRenderers, 'fields', resp, opts), /fields not supported as output format/);
});

test('revoke-permission texts (docs/etcdctl-behaviour.md §10.7)', () => {
  assert.equal(text(revokeText('r1', '/a', Buffer.alloc(0))), 'Permission of key /a is revoked from role r1\n');
  assert.equal(
    text(revokeText('r1', '/p/', Buffer.from('/p0'))),
    'Permission of range [/p/, /p0) is revoked from role r1\n',
  );
  assert.equal(
    text(revokeText('r1', '/x', Buffer.from('/y'))),
    'Permission of range [/x, /y) is revoked from role r1\n',
  );
  assert.equal(
    text(revokeText('r1', '/fk', Buffer.from([0]))),
    'Permission of range [/fk, <open ended> is revoked from role r1\n',
  );
  assert.equal(
    text(revokeText('r1', '', Buffer.from([0]))),
    'Permission of range [, <open ended> is revoked from role r1\n',
  );
});
