/**
 * watch (docs/etcdctl-behaviour.md §6.6): prints the events of one watcher until the server ends
 * it (exit 5), or, with -i, reads `watch ...` / `progress` lines from stdin
 * and runs any number of watchers on the client's one shared stream.
 *
 * On a terminal it does a little more than etcdctl (spec-compatible when
 * piped): event types are coloured, and connection changes are shown on stderr.
 */
import { defineCommand, type EtcdCommand } from '../../cli/command';
import type { Invocation } from '../../cli/invocation';
import { badArgs, CliError, ExitCode, ExitSilently } from '../../errors';
import { streamLines } from '../../io/stdin';
import type { Event_EventType } from '../../proto/gen/kv';
import type { WatchSpec, WatchState, WatchStreamManager, WatchView, Watcher } from '../../client/watch';
import {
  canceledLine,
  colorEventTypes,
  execErrorLine,
  noColor,
  progressText,
  stateLine,
  watchRenderers,
  type TypeLabel,
} from '../../output/watch';
import {
  WATCH_ENV,
  WATCH_FLAGS,
  argify,
  buildWatchSpec,
  envKeyOf,
  parseWatchArgs,
  parseWatchLine,
  type EnvKey,
  type WatchFlags,
} from './args';
import { onTermination } from '../../util/signals';
import type { EtcdClient } from '../../client/client';
import {
  WATCH_EXT_FLAGS,
  disconnectGuard,
  onCompactedMode,
  resyncLine,
  resyncView,
  rfc3339Local,
  type WatchExtFlags,
} from './extras';
import { compactPrevKvEvents } from '../../output/watch-tty';
import { rawSeparator, RAW_FLAGS, type RawFlags } from '../output-ext';
import type { OutputFormat } from '../../settings';

/** Everything a watcher's printing loop needs. */
interface Session {
  inv: Invocation;
  client: EtcdClient;
  mgr: WatchStreamManager;
  label: TypeLabel;
  /** --on-compacted=resync, --timestamps (extensions, for every watcher of the command). */
  resync?: boolean;
  timestamps?: boolean;
  /** --prev-kv, simple format, stdout a terminal: one `old → new` line per event. */
  compactPrev?: boolean;
  format: OutputFormat;
  /** -w raw: the bytes after each value (--separator). */
  separator: Buffer;
}

/** The same state change is not repeated (e.g. `connecting` on every reconnect attempt). */
function stateReporter(inv: Invocation, dim: (s: string) => string): (s: WatchState) => void {
  let connectingShown = false;
  return (s) => {
    if (s.kind === 'connecting') {
      if (connectingShown) return;
      connectingShown = true;
    }
    inv.io.stderr.write(dim(stateLine(s).trimEnd()) + '\n');
  };
}

/** Colour (chalk, loaded only for a terminal) for the event types and the state lines. */
async function terminalStyle(inv: Invocation): Promise<{ label: TypeLabel; onState?: (s: WatchState) => void }> {
  const { io } = inv;
  const { writeOut, debug } = inv.globals();
  const colorTypes = colorEventTypes(io.stdout.isTTY, io.env, writeOut);
  const colorState = io.stderr.isTTY && !noColor(io.env);
  // State lines: on a terminal, and with --debug (etcdctl then logs gRPC activity there too).
  const showState = io.stderr.isTTY || debug;
  if (!colorTypes && !showState) return { label: (n) => n };
  const chalk = colorTypes || colorState ? new (await import('chalk')).Chalk({ level: 1 }) : undefined;
  const label: TypeLabel = (name, type: Event_EventType) => {
    if (!colorTypes || !chalk) return name;
    return type === 1 ? chalk.red.bold(name) : chalk.green.bold(name);
  };
  const dim = (s: string): string => (colorState && chalk ? chalk.dim(s) : s);
  return { label, onState: showState ? stateReporter(inv, dim) : undefined };
}

/** The -w format, and -w raw's separator (a bad --separator ends the command before it connects). */
function outputOf(inv: Invocation, flags: { separator: string }): { format: OutputFormat; separator: Buffer } {
  const format = inv.globals().writeOut;
  return { format, separator: rawSeparator(format, flags) };
}

async function openSession(
  inv: Invocation,
  out: { format: OutputFormat; separator: Buffer },
  watchState?: (s: WatchState) => void,
): Promise<Session> {
  const client = await inv.connect();
  const style = await terminalStyle(inv);
  const { watchManagerFor } = await import('../../client/watch');
  const shown = style.onState;
  const onState = watchState && shown ? (s: WatchState) => (watchState(s), shown(s)) : (watchState ?? shown);
  const mgr = await watchManagerFor(client, { onState });
  return { inv, client, mgr, label: style.label, ...out };
}

/**
 * etcdctl printWatchCh: for each response, the cancel note (stderr), the
 * progress line, the printer, then the exec command once per event.
 * Resolves when the watcher's channel closes.
 */
async function printWatcher(s: Session, first: Watcher, execArgs: string[]): Promise<void> {
  const { inv } = s;
  const { isProgressNotify } = await import('../../client/watch');
  const renderers = watchRenderers(s.label, s.separator);
  const exec = execArgs.length > 0 ? await import('./exec') : undefined;
  let w: Watcher | undefined = first;
  while (w) {
    const current: Watcher = w;
    w = undefined;
    for await (let r of current as AsyncIterable<WatchView>) {
      if (s.resync && r.compactRevision !== 0n) {
        // --on-compacted=resync: the keys as they are now, then a new watcher after them.
        const found = await resyncView(s.client, current.spec);
        inv.io.stderr.write(resyncLine(r.compactRevision, found.revision));
        r = found.view;
        w = s.mgr.watch({ ...current.spec, start_revision: found.revision + 1n });
      }
      if (r.canceled) inv.io.stderr.write(canceledLine(r));
      if (isProgressNotify(r)) inv.io.stdout.write(progressText(r, s.format));
      if (s.timestamps && (r.events ?? []).length > 0) inv.io.stdout.write(`${rfc3339Local(new Date())}\n`);
      if (s.compactPrev) inv.io.stdout.write(compactPrevKvEvents(r.events ?? [], s.label));
      else inv.print(renderers, r);
      await inv.io.stdout.drain();
      if (!exec) continue;
      for (const ev of r.events ?? []) {
        await inv.io.stdout.flush();
        const err = await exec.runExec(execArgs, inv.io.env, exec.watchEventEnv(r.header.revision, ev));
        if (err !== undefined) {
          inv.io.stderr.write(execErrorLine(execArgs, err));
          throw new ExitSilently(ExitCode.Error);
        }
      }
    }
  }
}

/** What the extension flags ask of every watcher of the command (interactive ones included). */
interface Presentation {
  resync: boolean;
  timestamps: boolean;
  /** stdout a terminal, simple format, no --hex: a watcher with --prev-kv prints `old → new` lines. */
  compactPrevOk: boolean;
  out: { format: OutputFormat; separator: Buffer };
}

function presentation(inv: Invocation, ext: WatchExtFlags & RawFlags): Presentation {
  const resync = onCompactedMode(ext.onCompacted) === 'resync';
  inv.globals(WATCH_ENV);
  const out = outputOf(inv, ext);
  // jsonl and raw are data only: no time lines.
  const dataOnly = out.format === 'jsonl' || out.format === 'raw';
  if (dataOnly && ext.timestamps) throw badArgs(`--timestamps is not for \`--write-out=${out.format}\``);
  const { writeOut, hex } = inv.globals();
  const tty = inv.io.stdout.isTTY === true;
  // On a terminal (not -w protobuf), timestamps are on unless --timestamps=false was given.
  const timestamps =
    !dataOnly &&
    (ext.timestamps || (tty && writeOut !== 'protobuf' && !inv.argv.some((a) => /^--timestamps=/.test(a))));
  return { resync, timestamps, compactPrevOk: tty && writeOut === 'simple' && !hex, out };
}

/** Runs `body` under --max-disconnect (exit 13 once no member was reachable that long). */
async function underDisconnectGuard(
  ext: WatchExtFlags,
  body: (onState?: (s: WatchState) => void) => Promise<void>,
): Promise<void> {
  const guard = ext.maxDisconnect > 0n ? disconnectGuard(ext.maxDisconnect) : undefined;
  try {
    const done = body(guard?.onState);
    await (guard ? Promise.race([done, guard.expired]) : done);
  } finally {
    guard?.dispose();
  }
}

async function watchOnce(
  inv: Invocation,
  env: EnvKey,
  flags: WatchFlags,
  ext: WatchExtFlags & RawFlags,
): Promise<void> {
  const { watchArgs, execArgs } = parseWatchArgs(['etcdctl', ...inv.argv], inv.args, env);
  const { out, compactPrevOk, ...p } = presentation(inv, ext);
  await underDisconnectGuard(ext, async (onState) => {
    const session = { ...(await openSession(inv, out, onState)), ...p, compactPrev: compactPrevOk && flags.prevKv };
    const spec: WatchSpec = buildWatchSpec(
      watchArgs.map((a) => Buffer.from(a)),
      flags,
    );
    await printWatcher(session, session.mgr.watch(spec), execArgs);
  });
  throw new CliError(ExitCode.Interrupted, 'watch is canceled by the server');
}

/** A latin1 string (bytes) as written to the terminal. */
const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');
const fromEnv = (s: string): string => Buffer.from(s).toString('latin1');
const utf8 = (s: string): string => bytes(s).toString('utf8');

async function watchInteractive(
  inv: Invocation,
  env: EnvKey,
  progressNotify: boolean,
  ext: WatchExtFlags & RawFlags,
): Promise<void> {
  const { out, compactPrevOk, ...p } = presentation(inv, ext);
  await underDisconnectGuard(ext, async (onState) => {
    const session = { ...(await openSession(inv, out, onState)), ...p };
    await interactiveLoop(inv, env, progressNotify, session, compactPrevOk);
  });
}

/** Reads `watch ...` / `progress` lines until EOF; each watch line starts a watcher on the shared stream. */
async function interactiveLoop(
  inv: Invocation,
  env: EnvKey,
  progressNotify: boolean,
  session: Session,
  compactPrevOk: boolean,
): Promise<never> {
  const lineEnv: EnvKey = { key: fromEnv(env.key), rangeEnd: fromEnv(env.rangeEnd) };
  const readLine = streamLines(inv.io.stdin);
  // A failing printer (exec command, unsupported format) ends the whole command.
  let fail: (e: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const invalid = (line: string, why: string): void => {
    inv.io.stderr.write(Buffer.concat([bytes(`Invalid command ${line}`), Buffer.from(` (${why})\n`)]));
  };
  for (;;) {
    const line = await Promise.race([readLine(), failed]);
    if (line === null) throw new CliError(ExitCode.InvalidInput, 'error reading watch request line: EOF');
    const tokens = argify(line);
    if (tokens.length < 1) {
      inv.io.stderr.write(
        Buffer.concat([bytes(`Invalid command: ${line}`), Buffer.from(' (watch and progress supported)\n')]),
      );
      continue;
    }
    if (tokens[0] === 'progress') {
      session.mgr.requestProgress();
      continue;
    }
    if (tokens[0] !== 'watch') {
      invalid(line, 'only support watch');
      continue;
    }
    if (tokens.length < 2 && lineEnv.key === '') {
      invalid(line, 'command type or key is not provided');
      continue;
    }
    const req = parseWatchLine(tokens, lineEnv);
    let spec: WatchSpec;
    try {
      spec = buildWatchSpec(req.watchArgs.map(bytes), { ...req.flags, progressNotify });
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      invalid(line, e.message);
      continue;
    }
    const own = { ...session, compactPrev: compactPrevOk && req.flags.prevKv };
    printWatcher(own, session.mgr.watch(spec), req.execArgs.map(utf8)).catch(fail);
  }
}

/** How long a signal waits for pending output before the process dies of it. */
const SIGNAL_FLUSH_MS = 2000;

/**
 * etcdctl has no signal handler: SIGINT/SIGTERM kill it (status 130/143) with
 * every line it printed complete, its writes being synchronous. Node may still
 * hold output for a slow reader, so flush it first, then die of the same signal.
 */
function dieOnSignalAfterFlush(inv: Invocation): () => void {
  const term = onTermination({
    onSignal(sig) {
      const flushed = Promise.all([inv.io.stdout.flush(), inv.io.stderr.flush()]);
      const limit = new Promise((r) => setTimeout(r, SIGNAL_FLUSH_MS).unref());
      void Promise.race([flushed, limit]).then(() => {
        term.dispose();
        process.kill(process.pid, sig);
      });
    },
  });
  return term.dispose;
}

export function watchCommand(): EtcdCommand {
  return defineCommand({
    use: 'watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]',
    short: 'Watches events stream on keys or prefixes',
    flags: { ...WATCH_FLAGS, ...WATCH_EXT_FLAGS, ...RAW_FLAGS },
    formats: ['jsonl', 'raw'],
    async run(inv, { interactive, onCompacted, maxDisconnect, timestamps, separator, ...flags }) {
      const env = envKeyOf(inv.io.env);
      const restore = dieOnSignalAfterFlush(inv);
      try {
        const ext = { onCompacted, maxDisconnect, timestamps, separator };
        if (interactive) await watchInteractive(inv, env, flags.progressNotify, ext);
        else await watchOnce(inv, env, flags, ext);
      } finally {
        restore();
      }
    },
  });
}
