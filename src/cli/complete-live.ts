/**
 * Live completion values (extension, opt-in with ETCDCTLTS_COMPLETE_LIVE=1): keys, member
 * IDs, lease IDs, user and role names read from etcd, and context names from the config
 * file, for the argument or flag value being completed. This module decides which source
 * fills which position (pure: liveRequest) and runs the lookup under a hard time limit
 * (completeLive); the lookups themselves are in complete-fetch.ts. Any failure, or no
 * answer within the limit, gives the static completion (complete.ts) unchanged, and
 * nothing is written to stderr besides the protocol's own directive line.
 */
import type { EtcdCommand } from './command';
import { complete, CONTEXT_FLAG, locate, type Completion, type Located } from './complete';

/** The variable that turns live values on (`1`). Not an ETCDCTL_* name: etcdctl warns about unknown ones. */
export const LIVE_ENV = 'ETCDCTLTS_COMPLETE_LIVE';

/** The whole live lookup (connect, authenticate, read) gets this long before the static completion is used. */
export const LIVE_BUDGET_MS = 1000;

export type LiveSource =
  | { kind: 'keys' }
  | { kind: 'members'; learnersOnly: boolean }
  | { kind: 'leases' }
  | { kind: 'users' }
  | { kind: 'roles' }
  | { kind: 'user-roles'; user: string }
  | { kind: 'contexts' };

export interface LiveRequest {
  source: LiveSource;
  /** What the candidates must start with (the word being completed, or the part after `--flag=`). */
  match: string;
  /** Put before each candidate (`--lease=` when completing `--lease=ab`). */
  prefix: string;
}

const KEYS: LiveSource = { kind: 'keys' };
const MEMBERS: LiveSource = { kind: 'members', learnersOnly: false };
const LEARNERS: LiveSource = { kind: 'members', learnersOnly: true };
const LEASES: LiveSource = { kind: 'leases' };
const USERS: LiveSource = { kind: 'users' };
const ROLES: LiveSource = { kind: 'roles' };
const CONTEXTS: LiveSource = { kind: 'contexts' };

/** A position's source, possibly depending on the arguments before it. */
type PositionSource = LiveSource | ((args: string[]) => LiveSource) | undefined;

/** The source of each positional argument, by command path. */
const BY_POSITION: Record<string, PositionSource[]> = {
  get: [KEYS, KEYS],
  put: [KEYS],
  del: [KEYS, KEYS],
  watch: [KEYS, KEYS],
  ls: [KEYS],
  tree: [KEYS],
  'member remove': [MEMBERS],
  'member update': [MEMBERS],
  'member promote': [LEARNERS],
  'move-leader': [MEMBERS],
  'lease revoke': [LEASES],
  'lease timetolive': [LEASES],
  'lease keep-alive': [LEASES],
  'user get': [USERS],
  'user delete': [USERS],
  'user passwd': [USERS],
  'user grant-role': [USERS, ROLES],
  'user revoke-role': [USERS, (args) => ({ kind: 'user-roles', user: args[0] })],
  'role get': [ROLES],
  'role delete': [ROLES],
  'role grant-permission': [ROLES, undefined, KEYS, KEYS],
  'role revoke-permission': [ROLES, KEYS, KEYS],
  'config use-context': [CONTEXTS],
  'config delete-context': [CONTEXTS],
  'config set-context': [CONTEXTS],
};

/** Flags whose value has a source, by `<command path> <flag name>`. */
const BY_FLAG: Record<string, LiveSource> = {
  'put lease': LEASES,
};

/** Commands where the words after `--` are no longer their arguments (watch's exec command). */
const DASH_ENDS_ARGS = new Set(['watch']);

/** Which source completes the last of `args` (the `__complete` arguments), if any. */
export function liveRequest(root: EtcdCommand, args: string[]): { request?: LiveRequest; at: Located } {
  const toComplete = args.length > 0 ? args[args.length - 1] : '';
  const at = locate(root, args.slice(0, -1));
  const path = at.cmd.path.join(' ');
  const req = (source: LiveSource | undefined, match = toComplete, prefix = '') =>
    source ? { request: { source, match, prefix }, at } : { at };
  if (at.pendingContext) return req(CONTEXTS);
  if (at.pending) return req(BY_FLAG[`${path} ${at.pending.name}`]);
  if (!at.afterDash && toComplete.startsWith('-')) {
    const eq = toComplete.indexOf('=');
    if (eq < 0 || !toComplete.startsWith('--')) return { at };
    const name = toComplete.slice(0, eq);
    const source = name === CONTEXT_FLAG ? CONTEXTS : BY_FLAG[`${path} ${name.slice(2)}`];
    return req(source, toComplete.slice(eq + 1), toComplete.slice(0, eq + 1));
  }
  if (at.afterDash && DASH_ENDS_ARGS.has(path)) return { at };
  const pick = BY_POSITION[path]?.[at.args.length];
  return req(typeof pick === 'function' ? pick(at.args) : pick);
}

export const liveWanted = (env: NodeJS.ProcessEnv): boolean => env[LIVE_ENV] === '1';

/**
 * The completion of `args` with live values: the static one when no source applies, or
 * when the lookup fails or takes longer than `budgetMs`.
 */
export async function completeLive(
  root: EtcdCommand,
  args: string[],
  env: NodeJS.ProcessEnv,
  budgetMs = LIVE_BUDGET_MS,
): Promise<Completion> {
  const fallback = (): Completion => complete(root, args);
  const { request, at } = liveRequest(root, args);
  if (!request) return fallback();
  const { lookup } = await import('./complete-fetch');
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), budgetMs);
  });
  try {
    const live = await Promise.race([
      lookup(request, { root, at, env, deadline: Date.now() + budgetMs, signal: abort.signal }).catch(() => undefined),
      expired,
    ]);
    return live ?? fallback();
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
