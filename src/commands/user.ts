/**
 * user add | delete | get | list | passwd | grant-role | revoke-role (see
 * docs/etcdctl-behaviour.md §10.6). The RPCs run without a timeout, as etcdctl's do. Passwords are read
 * before the client is built (so the --debug listing follows the prompts) and
 * are never printed.
 */
import { defineCommand, groupShort, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import { flag, type FlagOpts } from '../cli/flags';
import { badArgs } from '../errors';
import { Auth } from '../client/methods';
import { PasswordEntryError, readPassword, scanWord } from '../io/prompt';
import {
  AuthUserAddRequest,
  AuthUserAddResponse,
  AuthUserChangePasswordResponse,
  AuthUserDeleteResponse,
  AuthUserGrantRoleResponse,
  AuthUserRevokeRoleResponse,
} from '../proto/gen/rpc';
import { headerOnlyRenderers, roleGetRenderers, userGetRenderers, userListRenderers } from '../output/auth';

/** The name, password and no-password option `user add` sends (docs/etcdctl-behaviour.md §10.6 steps 1-4). */
export interface NewUser {
  name: string;
  password: string;
  noPassword: boolean;
}

export const USER_ADD_FLAGS = {
  interactive: flag.bool('Read password from stdin instead of interactive terminal', true),
  newUserPassword: flag.string('Supply password from the command line flag', ''),
  noPassword: flag.bool('Create a user without password (CN based auth only)'),
};
export type UserAddFlags = FlagOpts<typeof USER_ADD_FLAGS>;

const USER_GET_FLAGS = { detail: flag.bool('Show permissions of roles granted to the user') };
const USER_PASSWD_FLAGS = {
  interactive: flag.bool('If true, read password from stdin instead of interactive terminal', true),
};

/** etcdctl's two-prompt password entry (readPasswordInteractive). */
export async function askNewPassword(inv: Pick<Invocation, 'io'>, name: string): Promise<string> {
  const ask = async (prompt: string): Promise<string> => {
    try {
      return await readPassword(inv.io, prompt);
    } catch (e) {
      if (e instanceof PasswordEntryError) throw badArgs(`failed to ask password: ${e.message}`);
      throw e;
    }
  };
  const first = await ask(`Password of ${name}: `);
  if (first === '') throw badArgs('empty password');
  const second = await ask(`Type password of ${name} again for confirmation: `);
  if (first !== second) throw badArgs('given passwords are different');
  return first;
}

/** Resolves `user add`'s argument and flags; reads stdin or prompts only when needed. */
export async function newUserOf(arg: string, f: UserAddFlags, inv: Pick<Invocation, 'io'>): Promise<NewUser> {
  if (f.noPassword) return { name: arg, password: '', noPassword: true };
  if (f.newUserPassword !== '') return { name: arg, password: f.newUserPassword, noPassword: false };
  const colon = arg.indexOf(':');
  if (colon >= 0) {
    const name = arg.slice(0, colon);
    if (name === '') throw badArgs('empty user name is not allowed');
    return { name, password: arg.slice(colon + 1), noPassword: false };
  }
  const password = f.interactive ? await askNewPassword(inv, arg) : await scanWord(inv.io);
  return { name: arg, password, noPassword: false };
}

export function buildUserAddRequest(u: NewUser): AuthUserAddRequest {
  return AuthUserAddRequest.fromPartial({ name: u.name, password: u.password, options: { no_password: u.noPassword } });
}

function exactArgs(inv: Invocation, n: number, message: string): void {
  if (inv.args.length !== n) throw badArgs(message);
}

async function userAdd(inv: Invocation, opts: UserAddFlags): Promise<void> {
  exactArgs(inv, 1, 'user add command requires user name as its argument');
  const user = await newUserOf(inv.args[0], opts, inv);
  const client = await inv.connect();
  const resp = await client.unary(Auth.userAdd, buildUserAddRequest(user));
  inv.print(
    headerOnlyRenderers(AuthUserAddResponse, () => `User ${user.name} created\n`),
    resp,
  );
}

async function userDelete(inv: Invocation): Promise<void> {
  exactArgs(inv, 1, 'user delete command requires user name as its argument');
  const name = inv.args[0];
  const client = await inv.connect();
  const resp = await client.unary(Auth.userDelete, { name });
  inv.print(
    headerOnlyRenderers(AuthUserDeleteResponse, () => `User ${name} deleted\n`),
    resp,
  );
}

async function userGet(inv: Invocation, opts: FlagOpts<typeof USER_GET_FLAGS>): Promise<void> {
  exactArgs(inv, 1, 'user get command requires user name as its argument');
  const name = inv.args[0];
  const client = await inv.connect();
  const resp = await client.unary(Auth.userGet, { name });
  if (!opts.detail) {
    inv.print(userGetRenderers, { name, resp });
    return;
  }
  // --detail: a fixed header line, then each role as `role get` prints it.
  inv.io.stdout.write(`User: ${name}\n`);
  for (const role of resp.roles) {
    inv.io.stdout.write('\n');
    const roleResp = await client.unary(Auth.roleGet, { role });
    inv.print(roleGetRenderers, { name: role, resp: roleResp });
  }
}

async function userList(inv: Invocation): Promise<void> {
  exactArgs(inv, 0, 'user list command requires no arguments');
  const client = await inv.connect();
  const resp = await client.unary(Auth.userList, {});
  inv.print(userListRenderers, resp);
}

async function userPasswd(inv: Invocation, opts: FlagOpts<typeof USER_PASSWD_FLAGS>): Promise<void> {
  exactArgs(inv, 1, 'user passwd command requires user name as its argument');
  const name = inv.args[0];
  const password = opts.interactive ? await askNewPassword(inv, name) : await scanWord(inv.io);
  const client = await inv.connect();
  const resp = await client.unary(Auth.userChangePassword, { name, password, hashedPassword: '' });
  inv.print(
    headerOnlyRenderers(AuthUserChangePasswordResponse, () => 'Password updated\n'),
    resp,
  );
}

async function userGrantRole(inv: Invocation): Promise<void> {
  exactArgs(inv, 2, 'user grant command requires user name and role name as its argument');
  const [user, role] = inv.args;
  const client = await inv.connect();
  const resp = await client.unary(Auth.userGrantRole, { user, role });
  inv.print(
    headerOnlyRenderers(AuthUserGrantRoleResponse, () => `Role ${role} is granted to user ${user}\n`),
    resp,
  );
}

async function userRevokeRole(inv: Invocation): Promise<void> {
  exactArgs(inv, 2, 'user revoke-role requires user name and role name as its argument');
  const [name, role] = inv.args;
  const client = await inv.connect();
  const resp = await client.unary(Auth.userRevokeRole, { name, role });
  inv.print(
    headerOnlyRenderers(AuthUserRevokeRoleResponse, () => `Role ${role} is revoked from user ${name}\n`),
    resp,
  );
}

export function userCommand(): EtcdCommand {
  return defineCommand({
    use: 'user <subcommand>',
    ...groupShort('user', 'User related commands'),
    subcommands: [
      defineCommand({
        use: 'add <user name or user:password> [options]',
        short: 'Adds a new user',
        flags: USER_ADD_FLAGS,
        run: userAdd,
      }),
      defineCommand({ use: 'delete <user name>', short: 'Deletes a user', run: userDelete }),
      defineCommand({
        use: 'get <user name> [options]',
        short: 'Gets detailed information of a user',
        flags: USER_GET_FLAGS,
        run: userGet,
      }),
      defineCommand({ use: 'list', short: 'Lists all users', formats: ['jsonl'], run: userList }),
      defineCommand({
        use: 'passwd <user name> [options]',
        short: 'Changes password of user',
        flags: USER_PASSWD_FLAGS,
        run: userPasswd,
      }),
      defineCommand({
        use: 'grant-role <user name> <role name>',
        short: 'Grants a role to a user',
        run: userGrantRole,
      }),
      defineCommand({
        use: 'revoke-role <user name> <role name>',
        short: 'Revokes a role from a user',
        run: userRevokeRole,
      }),
    ],
  });
}
