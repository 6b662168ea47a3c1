/**
 * lock <lockname> [exec-command arg1 arg2 ...] (docs/etcdctl-behaviour.md §10.2): a session lease,
 * etcd's mutex recipe (same keys and RPCs as etcdctl, so both exclude each
 * other), then either the command run under the lock or the lock key printed
 * and held until SIGINT/SIGTERM.
 *
 * Beyond etcdctl: --try and --timeout give up with exit status 7
 * (ExitCode.LockBusy) when the lock stays busy, and the session lease is revoked
 * when the command ends (etcdctl lets it expire after --ttl).
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { flag, type FlagOpts } from '../cli/flags';
import type { Invocation } from '../cli/invocation';
import { badArgs, CliError, ExitCode } from '../errors';
import { KV } from '../client/methods';
import { RangeRequest } from '../proto/gen/rpc';
import { getRenderers } from '../output/kv';
import { optionalDeadline } from '../util/deadline';
import { goDuration } from '../go/humanize';
import { Session } from '../recipes/session';
import { ERR_LOCKED, Mutex } from '../recipes/mutex';
import { canceledError } from '../recipes/wait';
import { onTermination, type Termination } from '../util/signals';

/** --try and --timeout are ours: extension flags, listed after etcdctl's in both lines' help. */
export const LOCK_FLAGS = {
  ttl: flag.int('timeout for session', 10n),
  try: flag.bool('give up at once (exit status 7) if another session holds the lock (not in etcdctl)', false, {
    extension: true,
  }),
  timeout: flag.duration(
    'give up (exit status 7) if the lock is not acquired within this duration; 0 waits forever (not in etcdctl)',
    0n,
    { extension: true },
  ),
};

export interface LockOptions {
  name: string;
  command: string[];
  ttl: bigint;
  tryOnly: boolean;
  /** Nanoseconds; 0: wait forever. */
  timeout: bigint;
}

/** Arguments and flags -> what to do (pure). */
export function parseLockArgs(args: string[], flags: FlagOpts<typeof LOCK_FLAGS>): LockOptions {
  if (args.length === 0) {
    throw badArgs('lock takes a lock name argument and an optional command to execute');
  }
  return { name: args[0], command: args.slice(1), ttl: flags.ttl, tryOnly: flags.try, timeout: flags.timeout };
}

/** The child's environment: the lock variables first, so that inherited ones of the same name win (Go's exec keeps the last). */
export function lockEnv(key: Buffer, revision: bigint, inherited: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ETCD_LOCK_KEY: key.toString(), ETCD_LOCK_REV: String(revision), ...inherited };
}

/** Mutex.Lock, or TryLock / a bounded wait for --try / --timeout. */
async function acquire(mutex: Mutex, opts: LockOptions, term: Termination): Promise<void> {
  if (opts.tryOnly) {
    if (!(await mutex.tryLock(term.first))) throw new CliError(ExitCode.LockBusy, ERR_LOCKED);
    return;
  }
  if (opts.timeout <= 0n) {
    await mutex.lock(term.first);
    return;
  }
  const timer = new AbortController();
  const t = setTimeout(() => timer.abort(), Number(opts.timeout / 1_000_000n));
  try {
    await mutex.lock(AbortSignal.any([term.first, timer.signal]));
  } catch (e) {
    if (timer.signal.aborted && !term.first.aborted) {
      throw new CliError(ExitCode.LockBusy, `${ERR_LOCKED} (gave up after ${goDuration(opts.timeout)})`);
    }
    throw e;
  } finally {
    clearTimeout(t);
  }
}

async function runLock(inv: Invocation, flags: FlagOpts<typeof LOCK_FLAGS>): Promise<void> {
  const opts = parseLockArgs(inv.args, flags);
  const client = await inv.connect();
  const session = await Session.create(client, opts.ttl);
  const term = onTermination();
  const mutex = new Mutex(session, opts.name);
  try {
    await acquire(mutex, opts, term);

    if (opts.command.length > 0) {
      // etcdctl waits for the child even when signalled; the child sees a signal sent to the process group.
      const { runChild } = await import('../go/exec');
      const outcome = await runChild(opts.command, lockEnv(mutex.key, mutex.header?.revision ?? 0n, inv.io.env));
      let unlockError: unknown;
      await mutex.unlock(term.second).catch((e: unknown) => (unlockError = e));
      if (outcome.error !== undefined) throw new CliError(outcome.code, outcome.error);
      if (unlockError !== undefined) throw unlockError;
      return;
    }

    if (term.first.aborted) throw canceledError();
    const resp = await client.unary(KV.range, RangeRequest.fromPartial({ key: mutex.key }), { signal: term.first });
    if (resp.kvs.length === 0) throw new CliError(ExitCode.Error, 'lock lost on init');
    inv.print(getRenderers, { resp, printValueOnly: false });

    const ended = await Promise.race([
      term.requested.then(() => 'signal' as const),
      session.done.then(() => 'lost' as const),
    ]);
    if (ended === 'lost') throw new CliError(ExitCode.Error, 'session expired');
    await mutex.unlock(term.second);
  } finally {
    term.dispose();
    // Not in etcdctl: give the lease back now rather than after --ttl (also removes the key on error paths).
    await session.release(optionalDeadline(inv.globals().commandTimeout));
  }
}

export function lockCommand(): EtcdCommand {
  return defineCommand({
    use: 'lock <lockname> [exec-command arg1 arg2 ...]',
    short: 'Acquires a named lock',
    flags: LOCK_FLAGS,
    run: runLock,
  });
}
