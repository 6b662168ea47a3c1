/**
 * --user/--password handling (docs/etcdctl-behaviour.md §3.6): split name:password, or prompt. The
 * password never leaves this module except inside the client's credentials.
 */
import type { Credentials } from '../client/client';
import type { GlobalConfig } from '../settings';
import type { Io } from '../io/io';
import { readPassword } from '../io/prompt';

/** undefined when no --user is configured, or when a token is (3.7: --user/--password are then ignored). */
export async function resolveCredentials(cfg: GlobalConfig, io: Io): Promise<Credentials | undefined> {
  if (cfg.user === '' || cfg.authJwtToken !== '') return undefined;
  if (cfg.password !== '') return { name: cfg.user, password: cfg.password };
  const colon = cfg.user.indexOf(':');
  if (colon >= 0) return { name: cfg.user.slice(0, colon), password: cfg.user.slice(colon + 1) };
  const password = await readPassword(io, 'Password: ');
  return { name: cfg.user, password };
}
