/**
 * make-mirror [options] <destination> (docs/etcdctl-behaviour.md §10.4): copies the keys under
 * --prefix at one revision into the destination cluster (base sync, skipped
 * with --rev), then replays the source's watch events there, one destination
 * Txn per source revision (at most --max-txn-ops operations each). It runs
 * until an error; the running total of mirrored operations is printed to
 * stdout every 30 s.
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { flag, type FlagOpts } from '../cli/flags';
import type { GlobalConfig } from '../settings';
import type { Invocation } from '../cli/invocation';
import { badArgs, CliError, ExitCode } from '../errors';
import type { EtcdClient } from '../client/client';
import { KV } from '../client/methods';
import { readPassword } from '../io/prompt';
import { resolveCredentials } from '../cli/credentials';
import { Event_EventType } from '../proto/gen/kv';
import { DeleteRangeRequest, PutRequest, RangeRequest, TxnRequest, type RequestOp } from '../proto/gen/rpc';
import { prefixRangeEnd } from '../util/keys';
import { WatchClosedError, watchResponses } from '../recipes/wait';
import { keyWatch } from '../client/watch';
import { EtcdErr } from '../client/etcd-errors';

const PROGRESS_INTERVAL_MS = 30_000;
/** mirror.Syncer's page size for the base sync. */
const BATCH_LIMIT = 1000n;
/** Destination puts in flight during the base sync (etcdctl sends them one by one). */
const PUT_WINDOW = 32;

export interface MirrorOptions {
  prefix: Buffer;
  destPrefix: Buffer;
  /** Revision the watch starts after (0: base sync first). */
  startRev: bigint;
  maxTxnOps: bigint;
}

/** strings.Replace(key, prefix, destPrefix, 1): the first occurrence (an empty prefix matches at 0). */
export function rewriteKey(key: Buffer, prefix: Buffer, destPrefix: Buffer): Buffer {
  const at = key.indexOf(prefix);
  if (at < 0) return key;
  return Buffer.concat([key.subarray(0, at), destPrefix, key.subarray(at + prefix.length)]);
}

/** One base-sync page at `revision`, from `from` (default: the start of the range), sorted by key. */
export function basePageRequest(prefix: Buffer, revision: bigint, from?: Buffer): RangeRequest {
  const all = prefix.length === 0;
  return RangeRequest.fromPartial({
    key: from ?? (all ? Buffer.from([0]) : prefix),
    range_end: all ? Buffer.from([0]) : prefixRangeEnd(prefix),
    limit: BATCH_LIMIT,
    revision,
  });
}

const MIRROR_FLAGS = {
  prefix: flag.string('Key-value prefix to mirror', ''),
  rev: flag.int64('Specify the kv revision to start to mirror', 0n),
  maxTxnOps: flag.uint('Maximum number of operations permitted in a transaction during syncing updates.', 128n),
  destPrefix: flag.string('destination prefix to mirror a prefix to a different prefix in the destination cluster', ''),
  noDestPrefix: flag.bool('mirror key-values to the root of the destination cluster'),
  destCert: flag.string('Identify secure client using this TLS certificate file for the destination cluster', ''),
  destKey: flag.string('Identify secure client using this TLS key file', ''),
  destCacert: flag.string('Verify certificates of TLS enabled secure servers using this CA bundle', ''),
  destInsecureTransport: flag.bool('Disable transport security for client connections', true),
  destUser: flag.string('Destination username[:password] for authentication (prompt if password is not supplied)', ''),
  destPassword: flag.string(
    "Destination password for authentication (if this option is used, --user option shouldn't include password)",
    '',
  ),
};
type MirrorFlags = FlagOpts<typeof MIRROR_FLAGS>;

/** The destination client's configuration: the argument as only endpoint, the --dest-* security flags. */
async function destinationConfig(inv: Invocation, opts: MirrorFlags, dest: string): Promise<GlobalConfig> {
  let user = opts.destUser;
  let password = opts.destPassword;
  if (user !== '' && password === '') {
    const colon = user.indexOf(':');
    if (colon >= 0) {
      password = user.slice(colon + 1);
      user = user.slice(0, colon);
    } else password = await readPassword(inv.io, 'Destination Password: ');
  }
  // clientv3 authenticates only with a user name and a non-empty password.
  if (password === '') user = '';
  const g = inv.globalFlags;
  return {
    endpoints: [dest],
    // The destination client never takes the source's token (docs/etcdctl-3.7-behaviour.md §2.2).
    authJwtToken: '',
    debug: false,
    writeOut: 'simple',
    hex: false,
    dialTimeout: g.dialTimeout,
    commandTimeout: g.commandTimeout,
    keepaliveTime: g.keepaliveTime,
    keepaliveTimeout: g.keepaliveTimeout,
    maxRequestBytes: g.maxRequestBytes,
    maxRecvBytes: g.maxRecvBytes,
    insecureTransport: opts.destInsecureTransport,
    insecureDiscovery: true,
    insecureSkipTlsVerify: false,
    cert: opts.destCert,
    key: opts.destKey,
    cacert: opts.destCacert,
    user,
    password,
    discoverySrv: '',
    discoverySrvName: '',
    changed: new Set(),
    compat: inv.command.compat,
  };
}

/** Runs `tasks` with at most `window` in flight; the first failure is thrown once all settled. */
async function inWindow(tasks: (() => Promise<void>)[], window: number): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (next < tasks.length && failure === undefined) {
      const t = tasks[next++];
      await t().catch((e: unknown) => (failure ??= e));
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, tasks.length) }, worker));
  if (failure !== undefined) throw failure;
}

/** mirror.Syncer.SyncBase + the puts: returns the revision the copy was taken at. */
async function syncBase(src: EtcdClient, dst: EtcdClient, o: MirrorOptions, count: () => void): Promise<bigint> {
  const check = o.prefix.length === 0 ? Buffer.from('foo') : o.prefix;
  const first = await src.unary(KV.range, RangeRequest.fromPartial({ key: check }));
  const rev = first.header?.revision ?? 0n;
  let from: Buffer | undefined;
  for (;;) {
    const page = await src.unary(KV.range, basePageRequest(o.prefix, rev, from));
    const puts = page.kvs.map((kv) => async (): Promise<void> => {
      await dst.unary(
        KV.put,
        PutRequest.fromPartial({ key: rewriteKey(kv.key, o.prefix, o.destPrefix), value: kv.value }),
      );
      count();
    });
    await inWindow(puts, PUT_WINDOW);
    if (!page.more || page.kvs.length === 0) return rev;
    from = Buffer.concat([page.kvs[page.kvs.length - 1].key, Buffer.from([0])]);
  }
}

/** Replays the source's events from `startRev + 1` on; returns when the watch ends (never normally). */
async function syncUpdates(
  src: EtcdClient,
  dst: EtcdClient,
  o: MirrorOptions,
  startRev: bigint,
  count: () => void,
): Promise<void> {
  const range =
    o.prefix.length === 0
      ? { key: Buffer.from([0]), range_end: Buffer.from([0]) }
      : { key: o.prefix, range_end: prefixRangeEnd(o.prefix) };
  const commit = async (ops: RequestOp[]): Promise<void> => {
    await dst.unary(KV.txn, TxnRequest.fromPartial({ success: ops }));
  };
  const never = new AbortController().signal;
  for await (const wr of watchResponses(src, keyWatch(range.key, startRev + 1n, range.range_end), never)) {
    let lastRev = 0n;
    let ops: RequestOp[] = [];
    for (const ev of wr.events) {
      const kv = ev.kv;
      if (!kv) continue;
      if (lastRev !== 0n && kv.mod_revision > lastRev) {
        await commit(ops);
        ops = [];
      }
      lastRev = kv.mod_revision;
      if (BigInt(ops.length) === o.maxTxnOps) {
        await commit(ops);
        ops = [];
      }
      const key = rewriteKey(kv.key, o.prefix, o.destPrefix);
      if (ev.type === Event_EventType.DELETE)
        ops.push({ request_delete_range: DeleteRangeRequest.fromPartial({ key }) });
      else ops.push({ request_put: PutRequest.fromPartial({ key, value: kv.value }) });
      count();
    }
    if (ops.length > 0) await commit(ops);
  }
}

async function runMirror(inv: Invocation, opts: MirrorFlags): Promise<void> {
  if (inv.args.length !== 1) throw badArgs('make-mirror takes one destination argument');
  const { EtcdClient } = await import('../client/client');
  const dstCfg = await destinationConfig(inv, opts, inv.args[0]);
  const dst = await EtcdClient.connect(EtcdClient.plan(dstCfg), {
    credentials: await resolveCredentials(dstCfg, inv.io),
  });
  let ticker: NodeJS.Timeout | undefined;
  try {
    const src = await inv.connect();
    const { prefix, noDestPrefix } = opts;
    let { destPrefix } = opts;
    if (noDestPrefix && destPrefix.length > 0) {
      throw badArgs('`--dest-prefix` and `--no-dest-prefix` cannot be set at the same time, choose one');
    }
    let total = 0n;
    const count = (): void => {
      total++;
    };
    ticker = setInterval(() => inv.io.stdout.write(`${total}\n`), PROGRESS_INTERVAL_MS);
    const { rev } = opts;
    let startRev = rev - 1n > 0n ? rev - 1n : 0n;
    const o: MirrorOptions = {
      prefix: Buffer.from(prefix),
      destPrefix: Buffer.from(destPrefix),
      startRev,
      maxTxnOps: opts.maxTxnOps,
    };
    if (startRev === 0n) {
      // Only the base sync defaults the destination prefix to the source prefix (with --rev the prefix is stripped, as in etcdctl).
      if (!noDestPrefix && destPrefix.length === 0) destPrefix = prefix;
      o.destPrefix = Buffer.from(destPrefix);
      startRev = await syncBase(src, dst, o, count);
    }
    try {
      await syncUpdates(src, dst, o, startRev, count);
    } catch (e) {
      if (e instanceof WatchClosedError && e.compactRevision > 0n)
        throw new CliError(ExitCode.Error, EtcdErr.Compacted);
      if (!(e instanceof WatchClosedError)) throw e;
    }
    // The watch channel closed: etcdctl reports the nil error it ends with.
    throw new CliError(ExitCode.Error, '<nil>');
  } finally {
    if (ticker) clearInterval(ticker);
    dst.close();
  }
}

export function makeMirrorCommand(): EtcdCommand {
  return defineCommand({
    use: 'make-mirror [options] <destination>',
    short: 'Makes a mirror at the destination etcd cluster',
    flags: MIRROR_FLAGS,
    run: runMirror,
  });
}
