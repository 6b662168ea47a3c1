/**
 * Renderers for auth, user and role responses (docs/etcdctl-behaviour.md §10.5-10.7, support
 * matrix docs/etcdctl-behaviour.md §5.1). Names are printed as the command line gave them (etcdctl
 * prints its arguments, not the response); keys of permissions are raw bytes.
 */
import {
  AuthRoleGetResponse,
  AuthRoleListResponse,
  AuthStatusResponse,
  AuthUserGetResponse,
  AuthUserListResponse,
  type ResponseHeader,
} from '../proto/gen/rpc';
import { Permission_Type, type Permission } from '../proto/gen/auth';
import { fieldsHeader } from './common';
import { messageJson } from './json';
import type { KindRenderers, Rendered } from './printer';
import { jsonlNames } from './jsonl';
import { goQuote } from '../go/quote';
import { prefixRangeEnd } from '../util/keys';

/** A response carrying only a header, and the encoder of its message type. */
export interface HeaderOnly {
  header: ResponseHeader | undefined;
}

type Encoder<T> = { encode(m: T): { finish(): Uint8Array } };

const json = (resp: object): string => `${messageJson(resp as Record<string, unknown>)}\n`;

/**
 * Renderers of a header-only response (user add/delete/passwd/grant-role/
 * revoke-role, role add/delete/grant-permission/revoke-permission): simple
 * text given by the command, json, fields (header block), protobuf.
 */
export function headerOnlyRenderers<T extends HeaderOnly>(
  encoder: Encoder<T>,
  simple: () => Rendered,
): KindRenderers<T> {
  return {
    simple: () => simple(),
    json: (resp) => json(resp),
    fields: (resp, o) => fieldsHeader(resp.header, o.hex),
    protobuf: (resp) => encoder.encode(resp).finish(),
  };
}

export const authStatusRenderers: KindRenderers<AuthStatusResponse> = {
  simple: (r) => `Authentication Status: ${r.enabled}\nAuthRevision: ${r.authRevision}\n`,
  json: (r) => json(r),
  protobuf: (r) => AuthStatusResponse.encode(r).finish(),
};

export interface UserGetResult {
  name: string;
  resp: AuthUserGetResponse;
}

export const userGetRenderers: KindRenderers<UserGetResult> = {
  simple: ({ name, resp }) => `User: ${name}\nRoles:${resp.roles.map((r) => ` ${r}`).join('')}\n`,
  json: ({ resp }) => json(resp),
  protobuf: ({ resp }) => AuthUserGetResponse.encode(resp).finish(),
};

export const userListRenderers: KindRenderers<AuthUserListResponse> = {
  simple: (r) => r.users.map((u) => `${u}\n`).join(''),
  json: (r) => json(r),
  protobuf: (r) => AuthUserListResponse.encode(r).finish(),
  jsonl: (r) => jsonlNames(r),
};

const ROOT_ROLE = 'root';
const OPEN_END = Buffer.from([0]);

/** One permission line of `role get`: TAB + key, or TAB + range (+ prefix note). */
function permLine(p: Permission): Buffer {
  if (p.range_end.length === 0) return Buffer.concat([Buffer.from('\t'), p.key, Buffer.from('\n')]);
  const parts: Buffer[] = [Buffer.from('\t['), p.key, Buffer.from(', ')];
  if (p.range_end.equals(OPEN_END)) parts.push(Buffer.from('<open ended>'));
  else parts.push(p.range_end, Buffer.from(')'));
  // 3.6 adds the length test (docs/etcdctl-behaviour.md §11.4 #13).
  if (p.key.length > 0 && prefixRangeEnd(p.key).equals(p.range_end))
    parts.push(Buffer.from(' (prefix '), p.key, Buffer.from(')'));
  parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

export interface RoleGetResult {
  name: string;
  resp: AuthRoleGetResponse;
}

function roleGetSimple({ name, resp }: RoleGetResult): Buffer {
  const head = Buffer.from(`Role ${name}\n`);
  // 3.6: the root role without permissions is shown with its implicit full range (docs/etcdctl-behaviour.md §11.4 #12).
  if (name === ROOT_ROLE && resp.perm.length === 0) {
    return Buffer.concat([head, Buffer.from('KV Read:\n\t[, <open ended>\nKV Write:\n\t[, <open ended>\n')]);
  }
  const reads = resp.perm.filter(
    (p) => p.permType === Permission_Type.READ || p.permType === Permission_Type.READWRITE,
  );
  const writes = resp.perm.filter(
    (p) => p.permType === Permission_Type.WRITE || p.permType === Permission_Type.READWRITE,
  );
  return Buffer.concat([
    head,
    Buffer.from('KV Read:\n'),
    ...reads.map(permLine),
    Buffer.from('KV Write:\n'),
    ...writes.map(permLine),
  ]);
}

/** Go's String() of authpb.Permission_Type. */
function permTypeName(t: Permission_Type): string {
  return Permission_Type[t] ?? String(t);
}

export const roleGetRenderers: KindRenderers<RoleGetResult> = {
  simple: roleGetSimple,
  json: ({ resp }) => json(resp),
  fields: ({ resp }, o) =>
    fieldsHeader(resp.header, o.hex) +
    resp.perm
      .map(
        (p) =>
          `"PermType" :  ${permTypeName(p.permType)}\n"Key" : ${goQuote(p.key)}\n"RangeEnd" : ${goQuote(p.range_end)}\n`,
      )
      .join(''),
  protobuf: ({ resp }) => AuthRoleGetResponse.encode(resp).finish(),
};

export const roleListRenderers: KindRenderers<AuthRoleListResponse> = {
  simple: (r) => r.roles.map((role) => `${role}\n`).join(''),
  json: (r) => json(r),
  fields: (r, o) => `${fieldsHeader(r.header, o.hex)}"Roles" :${r.roles.map((role) => ` ${goQuote(role)}`).join('')}\n`,
  protobuf: (r) => AuthRoleListResponse.encode(r).finish(),
  jsonl: (r) => jsonlNames(r),
};

/** `role revoke-permission` text: key as given, range end as computed. */
export function revokeText(role: string, key: string, rangeEnd: Buffer): Buffer {
  if (rangeEnd.length === 0) return Buffer.from(`Permission of key ${key} is revoked from role ${role}\n`);
  if (rangeEnd.equals(OPEN_END))
    return Buffer.from(`Permission of range [${key}, <open ended> is revoked from role ${role}\n`);
  return Buffer.concat([
    Buffer.from(`Permission of range [${key}, `),
    rangeEnd,
    Buffer.from(`) is revoked from role ${role}\n`),
  ]);
}
