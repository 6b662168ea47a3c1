/**
 * cobra's hidden `__complete` / `__completeNoDesc` protocol (what etcdctl's generated
 * bash/zsh/fish/powershell scripts call, and ours too): one `candidate\tdescription` line
 * per candidate, then `:<directive>`, and `Completion ended with directive: …` on stderr.
 * Static completion here: sub-commands, flag names, `-w/--write-out` values and the
 * shells of `completion`. Hidden and extension commands/flags are never offered. The
 * extension `--context NAME` (taken off the command line before parsing, src/cli/run.ts)
 * is skipped with its value. Values read from etcd: src/cli/complete-live.ts.
 */
import type { EtcdCommand } from './command';
import type { FlagSpec } from './flags';

export const COMPLETE_COMMANDS = ['__complete', '__completeNoDesc'];

export const Directive = {
  Error: 1,
  NoSpace: 2,
  NoFileComp: 4,
  FilterFileExt: 8,
  FilterDirs: 16,
  KeepOrder: 32,
} as const;

const DIRECTIVE_NAMES: [number, string][] = [
  [Directive.Error, 'ShellCompDirectiveError'],
  [Directive.NoSpace, 'ShellCompDirectiveNoSpace'],
  [Directive.NoFileComp, 'ShellCompDirectiveNoFileComp'],
  [Directive.FilterFileExt, 'ShellCompDirectiveFilterFileExt'],
  [Directive.FilterDirs, 'ShellCompDirectiveFilterDirs'],
  [Directive.KeepOrder, 'ShellCompDirectiveKeepOrder'],
];

const OUTPUT_FORMATS = ['fields', 'json', 'protobuf', 'simple', 'table'];
const SHELLS = ['bash', 'zsh', 'fish', 'powershell'];

export function directiveName(d: number): string {
  const names = DIRECTIVE_NAMES.filter(([bit]) => (d & bit) !== 0).map(([, n]) => n);
  return names.length === 0 ? 'ShellCompDirectiveDefault' : names.join(', ');
}

export interface Completion {
  candidates: { value: string; desc: string }[];
  directive: number;
}

/** Flags offered for `cmd`: not hidden (3.7: no global flag), not extensions. */
const visibleFlag =
  (cmd: EtcdCommand) =>
  (f: FlagSpec): boolean =>
    !cmd.hidesFlag(f) && !f.extension;

function allFlags(cmd: EtcdCommand): FlagSpec[] {
  return [...cmd.localFlags, ...cmd.inheritedFlags];
}

function findFlag(cmd: EtcdCommand, word: string): FlagSpec | undefined {
  const name = word.replace(/^--?/, '').split('=')[0];
  const long = word.startsWith('--');
  return allFlags(cmd).find((f) => (long ? f.name === name : f.short === name));
}

const takesValue = (f: FlagSpec | undefined): boolean => f !== undefined && f.type !== 'bool';

/** What the words before the cursor say (see locate). */
export interface Located {
  cmd: EtcdCommand;
  /** The positional arguments before the cursor (a literal `--` not included). */
  args: string[];
  afterDash: boolean;
  /** The flag awaiting a value: the word being completed is that value. */
  pending?: FlagSpec;
  /** `--context` awaits its value (extension flag, not in the tree). */
  pendingContext: boolean;
  /** The flags given before the cursor with their raw values (`true` for a bool given bare). */
  given: { spec: FlagSpec; value: string }[];
  /** The value of `--context` on the line. */
  context?: string;
}

/** The extension flag taken off the command line before parsing (cli/run.ts takeContextFlag). */
export const CONTEXT_FLAG = '--context';

/** Walks the words before the cursor: the command they name, args seen, the flag awaiting a value. */
export function locate(root: EtcdCommand, words: string[]): Located {
  const at: Located = { cmd: root, args: [], afterDash: false, pendingContext: false, given: [] };
  for (const w of words) {
    if (at.pending) {
      at.given.push({ spec: at.pending, value: w });
      at.pending = undefined;
      continue;
    }
    if (at.pendingContext) {
      at.context = w;
      at.pendingContext = false;
      continue;
    }
    if (at.afterDash) {
      at.args.push(w);
    } else if (w === '--') {
      at.afterDash = true;
    } else if (w === CONTEXT_FLAG) {
      at.pendingContext = true;
    } else if (w.startsWith(`${CONTEXT_FLAG}=`)) {
      at.context = w.slice(CONTEXT_FLAG.length + 1);
    } else if (w.startsWith('-') && w.length > 1) {
      const f = findFlag(at.cmd, w);
      if (takesValue(f) && !w.includes('=') && !(w.length > 2 && !w.startsWith('--'))) at.pending = f;
      else if (f) at.given.push({ spec: f, value: flagWordValue(f, w) });
    } else {
      const sub = at.args.length === 0 ? at.cmd.subcommands.find((c) => c.name() === w) : undefined;
      if (sub) at.cmd = sub;
      else at.args.push(w);
    }
  }
  return at;
}

/** The value a flag word carries itself: `--name=v`, `-wv`, `-w=v`, or `true` for a bare bool. */
function flagWordValue(f: FlagSpec, w: string): string {
  const eq = w.indexOf('=');
  if (eq >= 0) return w.slice(eq + 1);
  if (f.type === 'bool') return 'true';
  return w.slice(2);
}

function flagValues(flag: FlagSpec, prefix: string, toComplete: string): Completion {
  if (flag.name !== 'write-out') return { candidates: [], directive: 0 };
  const candidates = OUTPUT_FORMATS.filter((v) => v.startsWith(toComplete)).map((v) => ({
    value: prefix + v,
    desc: '',
  }));
  return { candidates, directive: 0 };
}

const firstLine = (s: string): string => s.split('\n')[0].trim();

export function complete(root: EtcdCommand, args: string[]): Completion {
  const words = args.slice(0, -1);
  const toComplete = args.length > 0 ? args[args.length - 1] : '';
  const { cmd, args: positionals, afterDash, pending, pendingContext } = locate(root, words);
  const positional = positionals.length;
  if (pending) return flagValues(pending, '', toComplete);
  if (pendingContext || (!afterDash && toComplete.startsWith(`${CONTEXT_FLAG}=`))) {
    return { candidates: [], directive: Directive.NoFileComp };
  }
  if (!afterDash && toComplete.startsWith('-')) {
    const eq = toComplete.indexOf('=');
    if (eq >= 0) {
      const f = findFlag(cmd, toComplete.slice(0, eq));
      return f
        ? flagValues(f, toComplete.slice(0, eq + 1), toComplete.slice(eq + 1))
        : { candidates: [], directive: 0 };
    }
    const byName = (a: FlagSpec, b: FlagSpec): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const help: FlagSpec = { name: 'help', short: 'h', type: 'bool', default: false, usage: `help for ${cmd.name()}` };
    // cobra: inherited flags first, then the command's own (with its help flag), each sorted.
    // 3.7 hides the root's help flag too.
    const helpShown = cmd !== root || root.compat === '3.6';
    const flags = [
      ...cmd.inheritedFlags.filter(visibleFlag(cmd)).sort(byName),
      ...[...cmd.localFlags.filter(visibleFlag(cmd)), ...(helpShown ? [help] : [])].sort(byName),
    ];
    const candidates: Completion['candidates'] = [];
    for (const f of flags) {
      if (`--${f.name}`.startsWith(toComplete)) candidates.push({ value: `--${f.name}`, desc: f.usage });
      if (!toComplete.startsWith('--') && f.short && `-${f.short}`.startsWith(toComplete))
        candidates.push({ value: `-${f.short}`, desc: f.usage });
    }
    return { candidates, directive: Directive.NoFileComp };
  }
  if (cmd.name() === 'completion' && cmd !== root) {
    const candidates =
      positional === 0 ? SHELLS.filter((s) => s.startsWith(toComplete)).map((s) => ({ value: s, desc: '' })) : [];
    return { candidates, directive: Directive.NoFileComp };
  }
  const subs = cmd.subcommands.filter((c) => !c.extension && !COMPLETE_COMMANDS.includes(c.name()));
  if (subs.length > 0 && positional === 0 && !afterDash) {
    const names = [...subs.map((c) => ({ value: c.name(), desc: firstLine(c.short) }))];
    if (cmd === root && !names.some((n) => n.value === 'help'))
      names.push({ value: 'help', desc: 'Help about any command' });
    names.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return { candidates: names.filter((n) => n.value.startsWith(toComplete)), directive: Directive.NoFileComp };
  }
  return { candidates: [], directive: 0 };
}

/** Writes the protocol's output for `__complete`/`__completeNoDesc` ARGS. */
export function renderCompletion(c: Completion, withDesc: boolean): { stdout: string; stderr: string } {
  const lines = c.candidates.map((x) => (withDesc && x.desc !== '' ? `${x.value}\t${firstLine(x.desc)}` : x.value));
  lines.push(`:${c.directive}`);
  return {
    stdout: `${lines.join('\n')}\n`,
    stderr: `Completion ended with directive: ${directiveName(c.directive)}\n`,
  };
}
