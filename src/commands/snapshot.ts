/**
 * snapshot save <filename> (docs/etcdctl-behaviour.md §8.7). The backend stream of exactly one
 * member goes to `<filename>.part` (mode 0600), which must end with the
 * SHA-256 trailer (size mod 512 == 32), is fsynced and only then renamed to
 * `<filename>`: the target path never holds a partial file. The `.part` file
 * is removed in every outcome, also on SIGINT/SIGTERM (etcdctl leaves it).
 * Every failure exits 5 (configuration errors such as TLS files: 128, as for
 * every command). The zap progress log lines of etcdctl are not printed.
 */
import type { FileHandle } from 'node:fs/promises';
import { defineCommand, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import { badArgs, CliError, ExitCode, ExitSilently, RpcError } from '../errors';
import { errnoText } from '../go/errno';
import { GrpcCode } from '../client/grpc-codes';
import { Maintenance } from '../client/methods';
import { resolveCredentials } from '../cli/credentials';
import type { SnapshotResponse } from '../proto/gen/rpc';
import type { EtcdClient } from '../client/client';
import { snapshotSaved } from '../output/maintenance';
import { startProgress, type Progress } from '../output/progress';
import { humanizeBytes } from '../go/humanize';
import { commandDeadline } from '../util/deadline';
import { onTermination, SIGNAL_STATUS } from '../util/signals';

const SNAPSHOT_EXAMPLE = [
  '  # Save snapshot to a given file',
  '  etcdctl snapshot save /backup/etcd-snapshot.db',
  '  ',
  '  # Get snapshot from given address and save it to file',
  '  etcdctl snapshot save --endpoints=127.0.0.1:3000 /backup/etcd-snapshot.db',
  '  ',
  '  # Get snapshot from given address with certificates',
  '  etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/etcd/ca.crt --cert=/etc/etcd/etcd.crt --key=/etc/etcd/etcd.key snapshot save /backup/etcd-snapshot.db',
  '  ',
  '  # Get snapshot wih certain user and password',
  '  etcdctl --user=root --password=password123 snapshot save /backup/etcd-snapshot.db',
  '  ',
  '  # Get snapshot from given address with timeout',
  '  etcdctl --endpoints=https://127.0.0.1:2379 --dial-timeout=20s snapshot save /backup/etcd-snapshot.db',
  '  ',
  '  # Save snapshot with desirable time format',
  '  etcdctl snapshot save /mnt/backup/etcd/backup_$(date +%Y%m%d_%H%M%S).db',
].join('\n');

/** 3.7 fixed the example's typo "wih" (docs/etcdctl-3.7-behaviour.md §1.2, C13). */
const SNAPSHOT_TEXTS = { '3.7': { example: SNAPSHOT_EXAMPLE.replace(' wih ', ' with ') } };

/** pkg snapshot's hasChecksum: the db is followed by a 32-byte SHA-256 digest. */
export function hasChecksum(size: number): boolean {
  return size % 512 === 32;
}

/** The 3.6 `snapshot must be requested…` check (exit 5), on the trimmed endpoint list. */
export function singleEndpoint(endpoints: string[]): string {
  const eps = endpoints.map((e) => e.trim());
  if (eps.length !== 1)
    throw new CliError(
      ExitCode.Interrupted,
      `snapshot must be requested to one selected node, not multiple [${eps.join(' ')}]`,
    );
  return eps[0];
}

const failed = (msg: string): CliError => new CliError(ExitCode.Interrupted, msg);

interface StreamState {
  /** A message arrived (later failures are converted like clientv3's toErr). */
  received: boolean;
  /** Response headers arrived: the stream exists, so a first-message failure is reported raw. */
  opened: boolean;
}

/**
 * etcdctl's error text for a failed snapshot stream. clientv3 converts errors
 * of stream creation (an unreachable member: `context deadline exceeded`) and
 * of every message after the first, but returns the first message's failure
 * raw: `rpc error: code = PermissionDenied desc = etcdserver: permission denied`.
 * The stream exists once the call is on a connection (headers, a status, or
 * grpc-js's deadline text naming the remote address).
 */
async function streamErrorText(
  e: unknown,
  st: StreamState,
  deadline: number | undefined,
  signal: AbortSignal,
): Promise<string> {
  if (e instanceof RpcError) return e.message;
  const { toRpcError, goCodeName } = await import('../client/grpc-errors');
  const g = e as { code?: number; details?: string; message?: string };
  const passed = deadline !== undefined && Date.now() >= deadline;
  const converted = toRpcError(g, passed, signal.aborted);
  if (st.received) return converted.message;
  if (passed || signal.aborted) {
    // grpc-js names the remote address once the call is on a connection (Go: NewStream returned).
    const started = st.opened || /\bremote_addr=/.test(g.details ?? '');
    return started ? `rpc error: code = ${goCodeName(converted.code)} desc = ${converted.message}` : converted.message;
  }
  return `rpc error: code = ${goCodeName(g.code ?? GrpcCode.UNKNOWN)} desc = ${g.details ?? g.message ?? ''}`;
}

const MAX_STREAM_ATTEMPTS = 100;

/** Streams the snapshot into `fh`; returns the size and the server version. */
async function download(
  client: EtcdClient,
  fh: FileHandle,
  part: string,
  deadline: number | undefined,
  signal: AbortSignal,
  progress: Progress,
): Promise<{ size: number; version: string }> {
  for (let attempt = 0; ; attempt++) {
    const st: StreamState = { received: false, opened: false };
    let size = 0;
    let version = '';
    try {
      const stream = await client.serverStream(Maintenance.snapshot, {}, { deadline, signal });
      stream.on('metadata', () => {
        st.opened = true;
      });
      for await (const msg of stream as AsyncIterable<SnapshotResponse>) {
        if (!st.received) version = msg.version;
        st.received = true;
        if (msg.blob.length > 0) {
          try {
            await fh.write(msg.blob);
          } catch (e) {
            stream.cancel();
            throw failed(`write ${part}: ${errnoText(e)}`);
          }
          size += msg.blob.length;
        }
        const total = size + Number(msg.remaining_bytes);
        progress.update(
          `Downloading snapshot: ${humanizeBytes(size)} / ${humanizeBytes(total)} (${total > 0 ? Math.floor((size * 100) / total) : 100}%)`,
        );
      }
      return { size, version };
    } catch (e) {
      if (e instanceof CliError) throw e;
      const code = (e as { code?: number }).code;
      // clientv3 retries the stream (a repeatable RPC) while nothing was received.
      if (!st.received && code === GrpcCode.UNAVAILABLE && !signal.aborted && attempt + 1 < MAX_STREAM_ATTEMPTS) {
        if (deadline === undefined || Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 25));
          continue;
        }
      }
      const text = await streamErrorText(e, st, deadline, signal);
      // an unreachable member: the client names each endpoint's transport error (client.ts)
      const explained =
        text === 'context deadline exceeded'
          ? await client.explainDeadline(new RpcError(GrpcCode.DEADLINE_EXCEEDED, '', text))
          : undefined;
      throw failed(explained instanceof RpcError ? explained.message : text);
    }
  }
}

/** Ends the command quietly with a shell's signal status after the `.part` file is gone. */
class Interrupted extends Error {
  constructor(readonly status: number) {
    super('interrupted');
  }
}

async function runSnapshotSave(inv: Invocation): Promise<void> {
  if (inv.args.length !== 1) throw badArgs('snapshot save expects one argument <filename>');
  const path = inv.args[0];
  const cfg = inv.globals();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily: only snapshot save needs it
  const { lstat, open, rename, rm } = require('node:fs/promises') as typeof import('node:fs/promises');
  // No timeout unless --command-timeout / ETCDCTL_COMMAND_TIMEOUT (a value that parses) was given.
  const deadline = cfg.changed.has('command-timeout') ? commandDeadline(cfg.commandTimeout) : undefined;
  // etcdctl's configuration (DNS SRV discovery, password prompt) and
  // clientv3.NewClientConfig (TLS files, exit 128) come before the endpoint count check.
  const endpoints = await inv.endpoints();
  const credentials = await resolveCredentials(cfg, inv.io);
  (await import('../client/tls')).loadTls(cfg);
  const ep = singleEndpoint(endpoints);
  let client: EtcdClient;
  try {
    client = await inv.connect({ endpoints: [ep], credentials });
  } catch (e) {
    if (e instanceof CliError) throw failed(e.message);
    throw e;
  }

  const part = `${path}.part`;
  const term = onTermination({ then: 'default' });
  const interrupted = (): void => {
    if (term.received) throw new Interrupted(SIGNAL_STATUS[term.received]);
  };
  let fh: FileHandle | undefined;
  let progress: Progress | undefined;
  try {
    try {
      fh = await open(part, 'w', 0o600);
    } catch (e) {
      throw failed(`could not open ${part} (open ${part}: ${errnoText(e)})`);
    }
    progress = await startProgress(inv.io, 'Downloading snapshot');
    interrupted();
    let result: { size: number; version: string };
    try {
      result = await download(client, fh, part, deadline, term.first, progress);
    } catch (e) {
      interrupted();
      throw e;
    }
    interrupted();
    if (!hasChecksum(result.size)) throw failed(`sha256 checksum not found [bytes: ${result.size}]`);
    try {
      await fh.sync();
    } catch (e) {
      throw failed(`sync ${part}: ${errnoText(e)}`);
    }
    const handle = fh;
    fh = undefined;
    await handle.close();
    progress.stop();
    try {
      // Go's os.Rename refuses an existing directory as target with EEXIST.
      if ((await lstat(path).catch(() => undefined))?.isDirectory())
        throw Object.assign(new Error('file exists'), { code: 'EEXIST' });
      await rename(part, path);
    } catch (e) {
      throw failed(`could not rename ${part} to ${path} (rename ${part} ${path}: ${errnoText(e)})`);
    }
    inv.io.stdout.write(snapshotSaved(path, result.version));
  } catch (e) {
    if (e instanceof Interrupted) throw new ExitSilently(e.status);
    throw e;
  } finally {
    progress?.stop();
    await fh?.close().catch(() => undefined);
    await rm(part, { force: true }).catch(() => undefined);
    term.dispose();
  }
}

export function snapshotCommand(): EtcdCommand {
  return defineCommand({
    use: 'snapshot <subcommand>',
    short: 'Manages etcd node snapshots',
    example: SNAPSHOT_EXAMPLE,
    texts: SNAPSHOT_TEXTS,
    subcommands: [
      defineCommand({
        use: 'save <filename>',
        short: 'Stores an etcd node backend snapshot to a given file',
        example: SNAPSHOT_EXAMPLE,
        texts: SNAPSHOT_TEXTS,
        run: runSnapshotSave,
      }),
    ],
  });
}
