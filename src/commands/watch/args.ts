/**
 * watch argument handling (docs/etcdctl-behaviour.md §6.6.1, §6.6.2, §6.6.4): the raw-argv `--`
 * rules, the ETCDCTL_WATCH_KEY/RANGE_END keys, the interactive line grammar
 * and the create request. Pure: strings in, arguments or a typed error out.
 */
import { defineCommand, type EtcdCommand } from '../../cli/command';
import { flag, flagOpts, type FlagOpts } from '../../cli/flags';
import { parseFlags } from '../../cli/parse';
import { badArgs, CliError, ExitCode, UsageError } from '../../errors';
import { goQuote, goUnquoteBytes } from '../../go/quote';
import { prefixRangeEnd } from '../../util/keys';
import type { WatchSpec } from '../../client/watch';

export const WATCH_FLAGS = {
  interactive: flag.bool('Interactive mode', false, { short: 'i' }),
  prefix: flag.bool('Watch on a prefix if prefix is set'),
  rev: flag.int64('Revision to start watching', 0n),
  prevKv: flag.bool('get the previous key-value pair before the event happens'),
  progressNotify: flag.bool('get periodic watch progress notification from server'),
};

export const WATCH_ENV = ['ETCDCTL_WATCH_KEY', 'ETCDCTL_WATCH_RANGE_END'] as const;

export const ERR_BAD_ARGS = 'bad number of arguments';
export const ERR_CONFLICT_ENV = 'bad number of arguments (found conflicting environment key)';
export const ERR_SEPARATOR = 'bad number of arguments (found separator --, but no commands)';
export const ERR_PREFIX_RANGE = '`range_end` and `--prefix` are mutually exclusive';

export interface EnvKey {
  key: string;
  rangeEnd: string;
}

/** ETCDCTL_WATCH_KEY / ETCDCTL_WATCH_RANGE_END (empty = unset); the range end alone is an error. */
export function envKeyOf(env: NodeJS.ProcessEnv): EnvKey {
  const key = env.ETCDCTL_WATCH_KEY ?? '';
  const rangeEnd = env.ETCDCTL_WATCH_RANGE_END ?? '';
  if (key === '' && rangeEnd !== '')
    throw badArgs(`ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END=${goQuote(rangeEnd)}`);
  return { key, rangeEnd };
}

export interface WatchArgs {
  /** Key, optional range end, then ignored extras. */
  watchArgs: string[];
  /** The exec command and its arguments (empty: none). */
  execArgs: string[];
}

/** Prepends the environment key, and cuts the watch arguments where the exec command starts. */
function finishArgs(watchArgs: string[], execArgs: string[] | undefined, env: EnvKey): WatchArgs {
  let args = watchArgs;
  if (env.key !== '') args = [env.key, ...(env.rangeEnd !== '' ? [env.rangeEnd] : []), ...args];
  if (execArgs === undefined) return { watchArgs: args, execArgs: [] };
  // etcdctl drops everything from the LAST word equal to the command's name.
  const end = args.lastIndexOf(execArgs[0]);
  return { watchArgs: args.slice(0, Math.max(end, 0)), execArgs };
}

/**
 * Non-interactive parsing. `osArgs` is the whole process command line (program
 * name first): etcdctl looks for `--` among the raw words after the first `watch`.
 * `commandArgs` are the positional arguments (with those after `--`, without it).
 */
export function parseWatchArgs(osArgs: string[], commandArgs: string[], env: EnvKey): WatchArgs {
  const at = osArgs.indexOf('watch');
  const raw = at >= 0 ? osArgs.slice(at + 1) : osArgs;
  const execIdx = raw.indexOf('--');
  const execExist = execIdx >= 0;
  if (execExist && execIdx === raw.length - 1) throw badArgs(ERR_SEPARATOR);
  if (!execExist && raw.length < 1 && env.key === '') throw badArgs(ERR_BAD_ARGS);
  if (execExist && env.key !== '') {
    // Match the positional words against the raw words from the end; a word
    // left over when the walk reaches `--` is a key given on the command line.
    let r = raw.length - 1;
    for (let w = commandArgs.length - 1; w >= 0 && r >= 0; w--) {
      if (commandArgs[w] === raw[r]) {
        r--;
        continue;
      }
      if (r === execIdx) throw badArgs(ERR_CONFLICT_ENV);
    }
  }
  if (!execExist && commandArgs.length > 0 && env.key !== '') throw badArgs(ERR_CONFLICT_ENV);
  return finishArgs(commandArgs, execExist ? raw.slice(execIdx + 1) : undefined, env);
}

/** The flags a watch request is built from. */
export type WatchFlags = Omit<FlagOpts<typeof WATCH_FLAGS>, 'interactive'>;

/** etcdctl getWatchChan: the create request, or its argument error. */
export function buildWatchSpec(args: Buffer[], f: WatchFlags): WatchSpec {
  if (args.length < 1) throw badArgs(ERR_BAD_ARGS);
  if (args.length === 2 && f.prefix) throw badArgs(ERR_PREFIX_RANGE);
  let key: Buffer = args[0];
  let rangeEnd: Buffer = args.length === 2 ? args[1] : Buffer.alloc(0);
  if (f.prefix) {
    // clientv3 WithPrefix: an empty key watches the whole keyspace.
    if (key.length === 0) [key, rangeEnd] = [Buffer.from([0]), Buffer.from([0])];
    else rangeEnd = prefixRangeEnd(key);
  }
  return { key, range_end: rangeEnd, start_revision: f.rev, prev_kv: f.prevKv, progress_notify: f.progressNotify };
}

// ---------------------------------------------------------------------------------------------
// Interactive mode

// Go RE2 \s is [\t\n\f\r ]; lines are latin1 strings here (one char per byte).
const TOKEN = /"(?:[^"\\\n]|\\[^\n])*"|'[^']*'|[^'"\t\n\f\r ][^\t\n\f\r ]*[^'"\t\n\f\r ]?/g;

/**
 * etcdctl's Argify on a latin1 line: double-quoted tokens are unquoted with Go
 * rules (a bad one is `Error: invalid syntax`, exit 3), single quotes removed.
 */
export function argify(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(TOKEN)) {
    const t = m[0];
    if (t.startsWith("'")) out.push(t.slice(1, -1));
    else if (t.startsWith('"')) {
      try {
        const utf8 = Buffer.from(t, 'latin1').toString('utf8');
        out.push(Buffer.from(goUnquoteBytes(utf8)).toString('latin1'));
      } catch (e) {
        throw new CliError(ExitCode.InvalidInput, (e as Error).message);
      }
    } else out.push(t);
  }
  return out;
}

/** The watch command's own flag set, as NewWatchCommand().Flags() parses a line. */
function lineCommand(): EtcdCommand {
  return defineCommand({ use: 'watch', short: '', flags: WATCH_FLAGS, run: async () => undefined });
}

export interface LineRequest extends WatchArgs {
  flags: Omit<WatchFlags, 'progressNotify'>;
}

/** etcdctl parseWatchArgs for one `watch ...` line (tokens after argify, `watch` first). */
export function parseWatchLine(tokens: string[], env: EnvKey): LineRequest {
  const words = tokens.slice(1);
  const execIdx = words.indexOf('--');
  const execExist = execIdx >= 0;
  if (execExist && execIdx === words.length - 1) throw badArgs(ERR_SEPARATOR);
  let parsed;
  try {
    parsed = parseFlags(lineCommand(), words);
  } catch (e) {
    if (e instanceof UsageError) throw badArgs(e.message);
    throw e;
  }
  if (parsed.help) throw badArgs('pflag: help requested');
  const pArgs = parsed.args;
  if (!execExist && env.key === '' && pArgs.length < 1) throw badArgs(ERR_BAD_ARGS);
  if (!execExist && pArgs.length > 0 && env.key !== '') throw badArgs(ERR_CONFLICT_ENV);
  const { prefix, rev, prevKv } = flagOpts(WATCH_FLAGS, parsed.values);
  const flags = { prefix, rev, prevKv };
  return { ...finishArgs(pArgs, execExist ? words.slice(execIdx + 1) : undefined, env), flags };
}
