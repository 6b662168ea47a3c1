/**
 * role add | delete | get | list | grant-permission | revoke-permission
 * (docs/etcdctl-behaviour.md §10.7). The RPCs run without a timeout, as etcdctl's do.
 */
import { defineCommand, groupShort, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import { flag, type FlagOpts } from '../cli/flags';
import { badArgs } from '../errors';
import { Auth } from '../client/methods';
import {
  AuthRoleAddResponse,
  AuthRoleDeleteResponse,
  AuthRoleGrantPermissionRequest,
  AuthRoleGrantPermissionResponse,
  AuthRoleRevokePermissionRequest,
  AuthRoleRevokePermissionResponse,
} from '../proto/gen/rpc';
import { Permission_Type } from '../proto/gen/auth';
import { headerOnlyRenderers, revokeText, roleGetRenderers, roleListRenderers } from '../output/auth';
import { prefixRangeEnd } from '../util/keys';

/** grant-permission's and revoke-permission's flags (`verb`: grant, revoke). */
export function permFlags(verb: string) {
  return {
    prefix: flag.bool(`${verb} a prefix permission`),
    fromKey: flag.bool(
      `${verb} a permission of keys that are greater than or equal to the given key using byte compare`,
    ),
  };
}

export type PermFlags = FlagOpts<ReturnType<typeof permFlags>>;

export interface PermRange {
  key: Buffer;
  rangeEnd: Buffer;
}

const OPEN_END = (): Buffer => Buffer.from([0]);
const EXCLUSIVE = '--from-key and --prefix flags are mutually exclusive';

/** etcdctl permRange: `<key> [endkey]` and --prefix/--from-key -> key and range end. */
export function permRange(args: string[], f: PermFlags): PermRange {
  const key = args[0];
  if (key === '') {
    // The empty key stands for the whole key space: ["\x00", "\x00") (endkey ignored).
    if (f.prefix && f.fromKey) throw badArgs(EXCLUSIVE);
    return { key: Buffer.from([0]), rangeEnd: f.prefix || f.fromKey ? OPEN_END() : Buffer.alloc(0) };
  }
  const k = Buffer.from(key);
  if (args.length === 1) {
    if (f.prefix) {
      if (f.fromKey) throw badArgs(EXCLUSIVE);
      return { key: k, rangeEnd: prefixRangeEnd(k) };
    }
    return { key: k, rangeEnd: f.fromKey ? OPEN_END() : Buffer.alloc(0) };
  }
  if (f.prefix) throw badArgs('unexpected endkey argument with --prefix flag');
  if (f.fromKey) throw badArgs('unexpected endkey argument with --from-key flag');
  return { key: k, rangeEnd: Buffer.from(args[1]) };
}

/** clientv3.StrToPermissionType: READ, WRITE or READWRITE in any case. */
export function permTypeOf(s: string): Permission_Type {
  switch (s.toUpperCase()) {
    case 'READ':
      return Permission_Type.READ;
    case 'WRITE':
      return Permission_Type.WRITE;
    case 'READWRITE':
      return Permission_Type.READWRITE;
    default:
      throw badArgs(`invalid permission type: ${s}`);
  }
}

/** Validation in etcdctl's order, then the request (pure). */
export function buildGrantRequest(args: string[], f: PermFlags): AuthRoleGrantPermissionRequest {
  if (args.length < 3)
    throw badArgs('role grant command requires role name, permission type, and key [endkey] as its argument');
  const permType = permTypeOf(args[1]);
  const r = permRange(args.slice(2), f);
  return AuthRoleGrantPermissionRequest.fromPartial({
    name: args[0],
    perm: { permType, key: r.key, range_end: r.rangeEnd },
  });
}

export function buildRevokeRequest(args: string[], f: PermFlags): AuthRoleRevokePermissionRequest {
  if (args.length < 2)
    throw badArgs('role revoke-permission command requires role name and key [endkey] as its argument');
  const r = permRange(args.slice(1), f);
  return AuthRoleRevokePermissionRequest.fromPartial({ role: args[0], key: r.key, range_end: r.rangeEnd });
}

function exactArgs(inv: Invocation, n: number, message: string): void {
  if (inv.args.length !== n) throw badArgs(message);
}

async function roleAdd(inv: Invocation): Promise<void> {
  exactArgs(inv, 1, 'role add command requires role name as its argument');
  const name = inv.args[0];
  const client = await inv.connect();
  const resp = await client.unary(Auth.roleAdd, { name });
  inv.print(
    headerOnlyRenderers(AuthRoleAddResponse, () => `Role ${name} created\n`),
    resp,
  );
}

async function roleDelete(inv: Invocation): Promise<void> {
  exactArgs(inv, 1, 'role delete command requires role name as its argument');
  const role = inv.args[0];
  const client = await inv.connect();
  const resp = await client.unary(Auth.roleDelete, { role });
  inv.print(
    headerOnlyRenderers(AuthRoleDeleteResponse, () => `Role ${role} deleted\n`),
    resp,
  );
}

async function roleGet(inv: Invocation): Promise<void> {
  exactArgs(inv, 1, 'role get command requires role name as its argument');
  const role = inv.args[0];
  const client = await inv.connect();
  const resp = await client.unary(Auth.roleGet, { role });
  inv.print(roleGetRenderers, { name: role, resp });
}

async function roleList(inv: Invocation): Promise<void> {
  exactArgs(inv, 0, 'role list command requires no arguments');
  const client = await inv.connect();
  const resp = await client.unary(Auth.roleList, {});
  inv.print(roleListRenderers, resp);
}

async function roleGrantPermission(inv: Invocation, opts: PermFlags): Promise<void> {
  const req = buildGrantRequest(inv.args, opts);
  const client = await inv.connect();
  const resp = await client.unary(Auth.roleGrantPermission, req);
  inv.print(
    headerOnlyRenderers(AuthRoleGrantPermissionResponse, () => `Role ${req.name} updated\n`),
    resp,
  );
}

async function roleRevokePermission(inv: Invocation, opts: PermFlags): Promise<void> {
  const req = buildRevokeRequest(inv.args, opts);
  const client = await inv.connect();
  const resp = await client.unary(Auth.roleRevokePermission, req);
  inv.print(
    headerOnlyRenderers(AuthRoleRevokePermissionResponse, () => revokeText(req.role, inv.args[1], req.range_end)),
    resp,
  );
}

export function roleCommand(): EtcdCommand {
  return defineCommand({
    use: 'role <subcommand>',
    ...groupShort('role', 'Role related commands'),
    subcommands: [
      defineCommand({ use: 'add <role name>', short: 'Adds a new role', run: roleAdd }),
      defineCommand({ use: 'delete <role name>', short: 'Deletes a role', run: roleDelete }),
      defineCommand({ use: 'get <role name>', short: 'Gets detailed information of a role', run: roleGet }),
      defineCommand({ use: 'list', short: 'Lists all roles', formats: ['jsonl'], run: roleList }),
      defineCommand({
        use: 'grant-permission [options] <role name> <permission type> <key> [endkey]',
        short: 'Grants a key to a role',
        flags: permFlags('grant'),
        run: roleGrantPermission,
      }),
      defineCommand({
        use: 'revoke-permission <role name> <key> [endkey]',
        short: 'Revokes a key from a role',
        flags: permFlags('revoke'),
        run: roleRevokePermission,
      }),
    ],
  });
}
