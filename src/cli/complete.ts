/**
 * cobra's hidden `__complete` / `__completeNoDesc` protocol (what etcdctl's generated
 * bash/zsh/fish/powershell scripts call): one `candidate\tdescription` line per
 * candidate, then `:<directive>`, and `Completion ended with directive: …` on stderr.
 * Static completion only: sub-commands, flag names, `-w/--write-out` values and the
 * shells of `completion`. Hidden and extension commands/flags are never offered.
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

/** Walks the words before the cursor: the command they name, args seen, the flag awaiting a value. */
function locate(root: EtcdCommand, words: string[]) {
  let cmd = root;
  let positional = 0;
  let afterDash = false;
  let pending: FlagSpec | undefined;
  for (const w of words) {
    if (pending) {
      pending = undefined;
      continue;
    }
    if (afterDash) {
      positional++;
    } else if (w === '--') {
      afterDash = true;
    } else if (w.startsWith('-') && w.length > 1) {
      const f = findFlag(cmd, w);
      if (takesValue(f) && !w.includes('=') && !(w.length > 2 && !w.startsWith('--'))) pending = f;
    } else {
      const sub = positional === 0 ? cmd.subcommands.find((c) => c.name() === w) : undefined;
      if (sub) cmd = sub;
      else positional++;
    }
  }
  return { cmd, positional, afterDash, pending };
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
  const { cmd, positional, afterDash, pending } = locate(root, words);
  if (pending) return flagValues(pending, '', toComplete);
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
