/**
 * --user/--password handling (docs/etcdctl-behaviour.md §3.6): split name:password, or prompt. The
 * password never leaves this module except inside the client's credentials.
 */
import type { Credentials } from '../client/client';
import type { GlobalConfig } from '../settings';
import type { Io } from '../io/io';
import { readPassword } from '../io/prompt';

/**
 * The credentials the configuration gives without asking: undefined when no --user is
 * configured or a token is (3.7: --user/--password are then ignored), 'ask' when its
 * password has to be prompted for.
 */
export function configuredCredentials(cfg: GlobalConfig): Credentials | 'ask' | undefined {
  if (cfg.user === '' || cfg.authJwtToken !== '') return undefined;
  if (cfg.password !== '') return { name: cfg.user, password: cfg.password };
  const colon = cfg.user.indexOf(':');
  if (colon >= 0) return { name: cfg.user.slice(0, colon), password: cfg.user.slice(colon + 1) };
  return 'ask';
}

/** undefined when no --user is configured. */
export async function resolveCredentials(cfg: GlobalConfig, io: Io): Promise<Credentials | undefined> {
  const given = configuredCredentials(cfg);
  if (given !== 'ask') return given;
  const password = await readPassword(io, 'Password: ');
  return { name: cfg.user, password };
}
