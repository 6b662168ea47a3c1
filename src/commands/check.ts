/**
 * check perf / check datascale (docs/etcdctl-behaviour.md §10.8, §10.9): bounded write workloads
 * (src/recipes/workload.ts) against the cluster, then etcdctl's verdict lines
 * on stdout. Both refuse a prefix that already holds keys (exit 3) and an
 * unknown --load (exit 4, before anything else). check perf handles SIGINT as
 * etcdctl 3.6 does: stop, delete the keys, print the partial run's verdict.
 * The concurrent "clients" of a load model are concurrent workers sharing
 * one gRPC client (etcdctl opens one connection each).
 */
import { readFileSync } from 'node:fs';
import { defineCommand, groupShort, type EtcdCommand } from '../cli/command';
import { flag, type FlagOpts } from '../cli/flags';
import { defragmentEndpoint } from '../cli/fanout';
import type { Invocation } from '../cli/invocation';
import type { GlobalConfig } from '../settings';
import type { EtcdClient } from '../client/client';
import { badFeature, CliError, ExitCode, ExitSilently, RpcError } from '../errors';
import { pathErrorText } from '../go/errno';
import { KV } from '../client/methods';
import { CompactionRequest, DeleteRangeRequest, PutRequest, RangeRequest } from '../proto/gen/rpc';
import { compactedLine, compactingLine, datascaleStart, datascaleVerdict, perfVerdict } from '../output/maintenance';
import { startProgress } from '../output/progress';
import { goQuote } from '../go/quote';
import { parseGoFloat } from '../go/parse';
import { keyRange } from '../util/keys';
import { commandDeadline, SECOND } from '../util/deadline';
import { onTermination } from '../util/signals';
import {
  DATASCALE_MODELS,
  PERF_MODELS,
  RateLimiter,
  resolveLoad,
  runWorkload,
  workloadKey,
  type LoadName,
} from '../recipes/workload';

const MAINTENANCE_TIMEOUT = 30n * SECOND;
/** Bound on one workload request (etcdctl waits forever; a dead cluster would hang the check). */
const REQUEST_TIMEOUT = 60n * SECOND;

const COMMON_FLAGS = {
  autoCompact: flag.bool('Compact storage with last revision after test is finished.'),
  autoDefrag: flag.bool('Defragment storage after test is finished.'),
};

const PERF_FLAGS = {
  load: flag.string(
    "The performance check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge). Different workload models use different configurations in terms of number of clients and expected throughput.",
    's',
  ),
  prefix: flag.string("The prefix for writing the performance check's keys.", '/etcdctl-check-perf/'),
  ...COMMON_FLAGS,
};

const DATASCALE_FLAGS = {
  load: flag.string(
    "The datascale check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)",
    's',
  ),
  prefix: flag.string("The prefix for writing the datascale check's keys.", '/etcdctl-check-datascale/'),
  ...COMMON_FLAGS,
};

function loadOf(v: string): LoadName {
  const load = resolveLoad(v);
  if (!load) throw badFeature(`unknown load option ${v}`);
  return load;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Fails with exit 3 when the prefix holds keys (`quoteCmd`: perf quotes the del command, datascale not). */
async function ensureEmptyPrefix(
  client: EtcdClient,
  prefix: string,
  quoteCmd: boolean,
  opts: { deadline?: number; signal?: AbortSignal },
): Promise<void> {
  const range = keyRange(prefix, { prefix: true });
  const resp = await client.unary(KV.range, RangeRequest.fromPartial({ ...range, limit: 1n }), opts);
  if (resp.kvs.length > 0) {
    const del = `etcdctl del --prefix ${prefix}`;
    throw new CliError(
      ExitCode.InvalidInput,
      `prefix ${goQuote(prefix)} has keys. Delete with ${quoteCmd ? `'${del}'` : del} first`,
    );
  }
}

async function deletePrefix(client: EtcdClient, prefix: string, deadline?: number): Promise<bigint> {
  const resp = await client.unary(KV.deleteRange, DeleteRangeRequest.fromPartial(keyRange(prefix, { prefix: true })), {
    deadline,
  });
  return resp.header?.revision ?? 0n;
}

/** etcdctl's compact(): physical compaction, 30 s; failure exits 1. */
async function compact(inv: Invocation, client: EtcdClient, rev: bigint): Promise<void> {
  inv.io.stdout.write(compactingLine(rev));
  await client.unary(KV.compact, CompactionRequest.fromPartial({ revision: rev, physical: true }), {
    deadline: commandDeadline(MAINTENANCE_TIMEOUT),
  });
  inv.io.stdout.write(compactedLine(rev));
}

/** etcdctl's defrag() of every configured endpoint, 30 s each; failure exits 1. */
async function defragAll(inv: Invocation, client: EtcdClient): Promise<void> {
  for (const ep of client.endpoints.map((e) => e.raw)) {
    inv.io.stdout.write(`Defragmenting ${goQuote(ep)}\n`);
    const r = await defragmentEndpoint(inv, ep, commandDeadline(MAINTENANCE_TIMEOUT));
    if (r.error !== undefined) throw new CliError(ExitCode.Error, r.error);
    inv.io.stdout.write(`Defragmented ${goQuote(ep)}\n`);
  }
}

async function runPerf(inv: Invocation, opts: FlagOpts<typeof PERF_FLAGS>): Promise<void> {
  const model = PERF_MODELS[loadOf(opts.load)];
  const { prefix, autoCompact } = opts;
  inv.globals();
  const client = await inv.connect();

  const started = performance.now();
  const endsAt = started + model.duration * 1000;
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), model.duration * 1000);
  // etcdctl 3.6's attemptCleanup: delete the keys (30 s), then compact if asked.
  const cleanup = async (withCompact: boolean): Promise<void> => {
    let rev: bigint;
    try {
      rev = await deletePrefix(client, prefix, commandDeadline(MAINTENANCE_TIMEOUT));
    } catch (e) {
      inv.io.stdout.write(`FAIL: Cleanup failed during key deletion: ERROR(${messageOf(e)})\n`);
      return;
    }
    if (withCompact) await compact(inv, client, rev);
  };
  let interruptCleanup: Promise<void> | undefined;
  const term = onTermination({
    signals: ['SIGINT'],
    then: 'default',
    onSignal: () => {
      stop.abort();
      interruptCleanup = cleanup(false).catch(() => undefined);
    },
  });
  try {
    await ensureEmptyPrefix(client, prefix, true, {
      deadline: commandDeadline(BigInt(model.duration) * SECOND),
      signal: stop.signal,
    });
    const progress = await startProgress(inv.io, `check perf: 0 / ${model.duration} s`);
    const ticker = setInterval(() => {
      const s = Math.min(model.duration, Math.floor((performance.now() - started) / 1000));
      progress.update(`check perf: ${s} / ${model.duration} s`);
    }, 1000);
    const value = Buffer.alloc(1024);
    let stats;
    try {
      stats = await runWorkload({
        concurrency: model.clients,
        limiter: new RateLimiter(model.limit),
        endsAt,
        signal: stop.signal,
        next: () => PutRequest.fromPartial({ key: workloadKey(prefix, 256), value }),
        execute: (req) =>
          client.unary(KV.put, req, { deadline: commandDeadline(REQUEST_TIMEOUT) }).then(() => undefined),
        errorText: messageOf,
      });
    } finally {
      clearInterval(ticker);
      progress.stop();
    }
    await interruptCleanup;
    await cleanup(autoCompact);
    if (opts.autoDefrag) await defragAll(inv, client);
    const verdict = perfVerdict(stats, model.limit);
    inv.io.stdout.write(verdict.text);
    if (!verdict.ok) throw new ExitSilently(ExitCode.Error);
  } finally {
    clearTimeout(timer);
    term.dispose();
  }
}

const RESIDENT_KEY = 'process_resident_memory_bytes';

/** The value of process_resident_memory_bytes in a /metrics body; messages as etcdctl prints them. */
export function residentMemoryOf(body: string): { bytes: number } | { message: string } {
  let value = '';
  for (const line of body.split('\n')) {
    if (line.startsWith(RESIDENT_KEY)) {
      value = line.slice(RESIDENT_KEY.length).trim();
      break;
    }
  }
  if (value === '') return { message: `could not find: ${RESIDENT_KEY}` };
  try {
    return { bytes: parseGoFloat(value) };
  } catch (e) {
    return { message: `parse error: ${messageOf(e)}` };
  }
}

/** Go net/http's error text for a failed GET. */
function httpErrorText(url: string, e: NodeJS.ErrnoException & { address?: string; port?: number }): string {
  const addr = e.address !== undefined ? `${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port}` : '';
  const reason =
    e.code === 'ECONNREFUSED'
      ? `dial tcp ${addr}: connect: connection refused`
      : e.code === 'ECONNRESET' && e.message === 'socket hang up'
        ? 'EOF'
        : e.code === 'ENOTFOUND'
          ? `dial tcp: lookup ${new URL(url).hostname}: no such host`
          : e.message;
  return `Get ${goQuote(url)}: ${reason}`;
}

/**
 * etcdctl's endpointMemoryMetrics: GET <endpoint>/metrics (http:// added when
 * there is no scheme; https uses --cert/--key, no CA, as etcdctl). 0 on failure,
 * after printing the reason on stdout.
 */
async function residentMemory(inv: Invocation, cfg: GlobalConfig, endpoint: string): Promise<number> {
  let host = endpoint;
  if (!host.startsWith('http://') && !host.startsWith('https://')) host = `http://${host}`;
  const url = `${host}/metrics`;
  const say = (line: string): number => {
    inv.io.stdout.write(`${line}\n`);
    return 0;
  };
  let tls: { cert: Buffer; key: Buffer; rejectUnauthorized: boolean } | undefined;
  if (host.startsWith('https://')) {
    try {
      tls = {
        cert: readFileSync(cfg.cert),
        key: readFileSync(cfg.key),
        rejectUnauthorized: !cfg.insecureSkipTlsVerify,
      };
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return say(`client certificate error: ${pathErrorText('open', err.path ?? '', err)}`);
    }
  }
  // Builtins are required lazily: the bundle runs without a dynamic-import hook.
  /* eslint-disable @typescript-eslint/no-require-imports -- deliberate lazy load (see above) */
  const mod = tls
    ? (require('node:https') as typeof import('node:https'))
    : (require('node:http') as typeof import('node:http'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  let body: string;
  try {
    body = await new Promise<string>((resolve, reject) => {
      const req = mod.get(url, { ...tls, timeout: Number(REQUEST_TIMEOUT) / 1e6 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', (e) => reject(Object.assign(e, { reading: true })));
      });
      req.on('timeout', () =>
        req.destroy(new Error('context deadline exceeded (Client.Timeout exceeded while awaiting headers)')),
      );
      req.on('error', reject);
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { reading?: boolean };
    if (err.reading) return say(`fetch error: reading ${url}: ${err.message}`);
    return say(`fetch error: ${httpErrorText(url, err)}`);
  }
  const r = residentMemoryOf(body);
  if ('message' in r) return say(r.message);
  return r.bytes;
}

async function runDatascale(inv: Invocation, opts: FlagOpts<typeof DATASCALE_FLAGS>): Promise<void> {
  const model = DATASCALE_MODELS[loadOf(opts.load)];
  const { prefix } = opts;
  const cfg = inv.globals();
  const client = await inv.connect();
  const endpoint = cfg.endpoints.map((e) => e.trim())[0];

  await ensureEmptyPrefix(client, prefix, false, {});
  const before = await residentMemory(inv, cfg, endpoint);
  if (before === 0) {
    inv.io.stdout.write('FAIL: Could not read process_resident_memory_bytes before the put operations.\n');
    throw new ExitSilently(ExitCode.Error);
  }
  inv.io.stdout.write(datascaleStart(model.limit, model.kvSize, model.clients));
  const progress = await startProgress(inv.io, `check datascale: 0 / ${model.limit} keys`);
  const value = Buffer.alloc(512);
  let issued = 0;
  let done = 0;
  let stats;
  try {
    stats = await runWorkload({
      concurrency: model.clients,
      signal: new AbortController().signal,
      next: () =>
        issued < model.limit ? (issued++, PutRequest.fromPartial({ key: workloadKey(prefix, 512), value })) : undefined,
      execute: (req) => client.unary(KV.put, req, { deadline: commandDeadline(REQUEST_TIMEOUT) }).then(() => undefined),
      errorText: messageOf,
      onResult: () => {
        done++;
        if (done % 100 === 0) progress.update(`check datascale: ${done} / ${model.limit} keys`);
      },
    });
  } finally {
    progress.stop();
  }
  const after = await residentMemory(inv, cfg, endpoint);
  if (after === 0) {
    inv.io.stdout.write('FAIL: Could not read process_resident_memory_bytes after the put operations.\n');
    throw new ExitSilently(ExitCode.Error);
  }
  let rev: bigint;
  try {
    rev = await deletePrefix(client, prefix);
  } catch (e) {
    if (e instanceof RpcError) throw new CliError(ExitCode.Error, e.message);
    throw e;
  }
  if (opts.autoCompact) await compact(inv, client, rev);
  if (opts.autoDefrag) await defragAll(inv, client);
  const verdict = datascaleVerdict(stats, before, after);
  inv.io.stdout.write(verdict.text);
  if (!verdict.ok) throw new ExitSilently(ExitCode.Error);
}

export function checkCommand(): EtcdCommand {
  return defineCommand({
    use: 'check <subcommand>',
    ...groupShort('check', 'commands for checking properties of the etcd cluster'),
    subcommands: [
      defineCommand({
        use: 'perf [options]',
        short: 'Check the performance of the etcd cluster',
        flags: PERF_FLAGS,
        run: runPerf,
      }),
      defineCommand({
        use: 'datascale [options]',
        short: 'Check the memory usage of holding data for different workloads on a given server endpoint.',
        long: 'If no endpoint is provided, localhost will be used. If multiple endpoints are provided, first endpoint will be used.',
        flags: DATASCALE_FLAGS,
        run: runDatascale,
      }),
    ],
  });
}
