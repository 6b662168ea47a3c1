/**
 * The lookups behind live completion (complete-live.ts): a client built from the line being
 * completed (its global flags, --context, the ETCDCTL_* variables: the usual precedence),
 * which never prompts (a --user without a password connects without authentication) and
 * never runs a context's password-command (it could prompt too); then one source read
 * under the caller's deadline. Errors propagate: the caller falls back to static values.
 */
import type { EtcdCommand } from './command';
import { Directive, type Completion, type Located } from './complete';
import type { LiveRequest } from './complete-live';
import { buildGlobalConfig, DeferredConfigError } from './config';
import { configuredCredentials } from './credentials';
import { parseFlagValue, type FlagValue } from './flags';
import { envName, GLOBAL_FLAGS } from './globals';
import { listContextNames, selectContext } from '../contexts/file';
import type { GlobalConfig } from '../settings';
import type { Output } from '../output/stream';
import type { EtcdClient } from '../client/client';
import type { Entry } from '../commands/ls';

/** At most this many candidates come from etcd. */
export const LIVE_LIMIT = 50;

/** Key "directories" end with this (ls's default delimiter). */
const DELIMITER = '/';

export interface LookupContext {
  root: EtcdCommand;
  at: Located;
  env: NodeJS.ProcessEnv;
  /** ms since the epoch: every dial and call ends by then. */
  deadline: number;
  /** Aborted when the caller gave up: the client is closed. */
  signal: AbortSignal;
}

const SILENT: Output = { write() {}, drain: async () => {}, flush: async () => {}, isTTY: false };

const GLOBAL_NAMES = new Set(GLOBAL_FLAGS.map((f) => f.name));

/**
 * The global configuration of the line being completed. A flag on the line wins over its
 * ETCDCTL_* variable (etcdctl would refuse the pair: the line is not finished yet). -w plays
 * no part in completion, so neither the line's nor ETCDCTL_WRITE_OUT's nor the context's
 * value is checked.
 */
export function lineConfig(root: EtcdCommand, at: Located, env: NodeJS.ProcessEnv): GlobalConfig {
  const values = new Map<string, FlagValue>(GLOBAL_FLAGS.map((f) => [f.name, f.default]));
  const changed = new Set<string>();
  const lineEnv = { ...env };
  delete lineEnv[envName('write-out')];
  for (const { spec, value } of at.given) {
    if (!GLOBAL_NAMES.has(spec.name) || spec.name === 'write-out') continue;
    values.set(spec.name, parseFlagValue(spec, value, changed.has(spec.name) ? values.get(spec.name) : undefined));
    changed.add(spec.name);
    delete lineEnv[envName(spec.name)];
  }
  const selected = selectContext(env, at.context);
  let context: Parameters<typeof buildGlobalConfig>[0]['context'];
  if (selected) {
    const { 'password-command': _command, 'write-out': _w, ...ctx } = selected.ctx;
    context = { name: selected.name, ctx };
  }
  try {
    return buildGlobalConfig({ values, changed, env: lineEnv, stderr: SILENT, context, compat: root.compat });
  } catch (e) {
    // a --user without password (prompt) or --discovery-srv: the configuration itself is complete
    if (e instanceof DeferredConfigError) return e.config;
    throw e;
  }
}

async function clientForLine(ctx: LookupContext): Promise<EtcdClient> {
  const cfg = lineConfig(ctx.root, ctx.at, ctx.env);
  let endpoints = cfg.endpoints;
  if (cfg.discoverySrv !== '') {
    const { discoverEndpoints } = await import('../client/discovery');
    const found = await discoverEndpoints(cfg.discoverySrv, cfg.discoverySrvName, cfg.insecureDiscovery);
    if (found.endpoints.length > 0) endpoints = found.endpoints;
  }
  const left = BigInt(Math.max(1, ctx.deadline - Date.now())) * 1_000_000n;
  const dialTimeout = cfg.dialTimeout > 0n && cfg.dialTimeout < left ? cfg.dialTimeout : left;
  const given = configuredCredentials(cfg);
  const { EtcdClient } = await import('../client/client');
  const plan = EtcdClient.plan({ ...cfg, dialTimeout, debug: false }, endpoints);
  const client = await EtcdClient.connect(plan, { credentials: given === 'ask' ? undefined : given });
  if (ctx.signal.aborted) client.close();
  else ctx.signal.addEventListener('abort', () => client.close());
  return client;
}

/** Names (or IDs) that start with the request's match, at most LIVE_LIMIT. */
export function namedCompletion(names: { value: string; desc?: string }[], req: LiveRequest): Completion {
  const candidates = names
    .filter((n) => n.value.startsWith(req.match))
    .slice(0, LIVE_LIMIT)
    .map((n) => ({ value: req.prefix + n.value, desc: n.desc ?? '' }));
  return { candidates, directive: Directive.NoFileComp };
}

/** A key a shell can take as typed: valid UTF-8 without tab, newline or carriage return (the protocol is line-based). */
function typable(key: Buffer): boolean {
  const s = key.toString('utf8');
  return Buffer.from(s, 'utf8').equals(key) && !/[\t\n\r]/.test(s);
}

/**
 * The keys and key "directories" (ending with `/`) right under the typed prefix. A
 * directory candidate asks the shell not to add a space (NoSpace), so that the next TAB
 * goes on into it.
 */
export function keyCompletion(entries: Pick<Entry, 'key' | 'dir'>[], req: LiveRequest): Completion {
  const usable = entries.filter((e) => typable(e.key)).slice(0, LIVE_LIMIT);
  const candidates = usable.map((e) => ({ value: req.prefix + e.key.toString('utf8'), desc: '' }));
  const dirs = usable.some((e) => e.dir);
  return { candidates, directive: Directive.NoFileComp | (dirs ? Directive.NoSpace : 0) };
}

/** The candidates of a live request: the caller falls back to static values when this throws. */
export async function lookup(req: LiveRequest, ctx: LookupContext): Promise<Completion> {
  const source = req.source;
  const plain = (values: string[]): Completion =>
    namedCompletion(
      values.map((value) => ({ value })),
      req,
    );
  if (source.kind === 'contexts') return plain(listContextNames(ctx.env));
  const client = await clientForLine(ctx);
  const { KV, Cluster, Lease, Auth } = await import('../client/methods');
  const opts = { deadline: ctx.deadline, signal: ctx.signal };
  switch (source.kind) {
    case 'keys': {
      const { walk } = await import('../commands/ls');
      const prefix = Buffer.from(req.match, 'utf8');
      const listing = await walk((r) => client.unary(KV.range, r, opts), prefix, Buffer.from(DELIMITER), 1, LIVE_LIMIT);
      return keyCompletion(listing.entries, req);
    }
    case 'members': {
      const { members } = await client.unary(Cluster.memberList, { linearizable: false }, opts);
      const shown = members.filter((m) => m.isLearner || !source.learnersOnly);
      const desc = (m: (typeof members)[number]): string =>
        `${m.name || '(unstarted)'}${m.isLearner && !source.learnersOnly ? ' (learner)' : ''}`;
      return namedCompletion(
        shown.map((m) => ({ value: m.ID.toString(16), desc: desc(m) })),
        req,
      );
    }
    case 'leases':
      return plain((await client.unary(Lease.leaseLeases, {}, opts)).leases.map((l) => l.ID.toString(16)));
    case 'users':
      return plain((await client.unary(Auth.userList, {}, opts)).users);
    case 'roles':
      return plain((await client.unary(Auth.roleList, {}, opts)).roles);
    case 'user-roles':
      return plain((await client.unary(Auth.userGet, { name: source.user }, opts)).roles);
  }
}
