/**
 * argv -> (command, flags, positional args), reproducing cobra's command lookup
 * (prefix matching, suggestions) and pflag's flag syntax and error texts.
 */
import { UsageError, RawStderrError, ExitCode } from '../errors';
import { goQuote } from '../go/quote';
import type { EtcdCommand } from './command';
import { flagDisplayName, isBool, parseFlagValue, type FlagSpec, type FlagValue } from './flags';

export interface ParsedCommandLine {
  command: EtcdCommand;
  args: string[];
  dashIndex: number;
  values: Map<string, FlagValue>;
  changed: Set<string>;
  /** -h/--help was given, or a group command was selected without a runnable child. */
  help: boolean;
}

/** Every flag visible on a command: its own, then inherited persistent ones. */
export function visibleFlags(cmd: EtcdCommand): FlagSpec[] {
  return [...cmd.localFlags, ...cmd.inheritedFlags];
}

const HELP_FLAG: FlagSpec = { name: 'help', short: 'h', type: 'bool', default: false, usage: '' };

/**
 * withHelp: whether -h/--help is defined. cobra adds the help flag to a command only
 * when it executes it, so the command lookup (stripFlags) does not know it: there
 * `lease -h grant` reads "grant" as the value of -h and selects `lease`.
 */
function lookupLong(flags: FlagSpec[], name: string, withHelp = false): FlagSpec | undefined {
  if (withHelp && name === 'help') return HELP_FLAG;
  return flags.find((f) => f.name === name);
}

function lookupShort(flags: FlagSpec[], ch: string, withHelp = false): FlagSpec | undefined {
  if (withHelp && ch === 'h') return HELP_FLAG;
  return flags.find((f) => f.short === ch);
}

/** cobra's stripFlags: the words of args that are not flags or flag values. */
function stripFlags(args: string[], flags: FlagSpec[]): string[] {
  const words: string[] = [];
  let rest = args;
  while (rest.length > 0) {
    const s = rest[0];
    rest = rest.slice(1);
    if (s === '--') break;
    if (s.startsWith('--') && !s.includes('=')) {
      const f = lookupLong(flags, s.slice(2));
      if (!(f && isBool(f))) {
        if (rest.length === 0) break;
        rest = rest.slice(1);
      }
    } else if (s.startsWith('-') && !s.includes('=') && s.length === 2) {
      const f = lookupShort(flags, s[1]);
      if (!(f && isBool(f))) {
        if (rest.length === 0) break;
        rest = rest.slice(1);
      }
    } else if (s !== '' && !s.startsWith('-')) {
      words.push(s);
    }
  }
  return words;
}

/** cobra's argsMinusFirstX: args without the first non-flag occurrence of `x`. */
function argsMinusFirst(args: string[], x: string, flags: FlagSpec[]): string[] {
  for (let pos = 0; pos < args.length; pos++) {
    const s = args[pos];
    if (s === '--') break;
    if (s.startsWith('--') && !s.includes('=')) {
      const f = lookupLong(flags, s.slice(2));
      if (!(f && isBool(f))) pos++;
      continue;
    }
    if (s.startsWith('-') && !s.includes('=') && s.length === 2) {
      const f = lookupShort(flags, s[1]);
      if (!(f && isBool(f))) pos++;
      continue;
    }
    if (s === x) return [...args.slice(0, pos), ...args.slice(pos + 1)];
  }
  return args;
}

/** cobra findNext with EnablePrefixMatching: exact name first, else a unique prefix. */
function findChild(cmd: EtcdCommand, word: string): EtcdCommand | undefined {
  const subs = cmd.subcommands;
  const exact = subs.find((c) => c.name() === word);
  if (exact) return exact;
  const candidates = subs.filter((c) => !c.extension && c.name().startsWith(word));
  return candidates.length === 1 ? candidates[0] : undefined;
}

function levenshtein(a: string, b: string): number {
  const s = [...a.toLowerCase()];
  const t = [...b.toLowerCase()];
  let prev = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  return prev[t.length];
}

/** Commands suggested for an unknown word, in registration order (cobra). */
export function suggestionsFor(root: EtcdCommand, typed: string): string[] {
  return root.subcommands
    .filter((c) => c.name() !== 'help' && !c.extension)
    .filter((c) => levenshtein(typed, c.name()) <= 2 || c.name().toLowerCase().startsWith(typed.toLowerCase()))
    .map((c) => c.name());
}

function unknownCommand(root: EtcdCommand, word: string): RawStderrError {
  const suggestions = suggestionsFor(root, word);
  let text = `Error: unknown command ${goQuote(word)} for ${goQuote(root.name())}\n`;
  if (suggestions.length > 0) text += `\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}\n`;
  text += `Run '${root.name()} --help' for usage.\n`;
  return new RawStderrError(ExitCode.Error, text);
}

/** cobra Find: walks command words down the tree. */
export function findCommand(root: EtcdCommand, argv: string[]): { command: EtcdCommand; rest: string[] } {
  let cmd = root;
  let rest = argv;
  for (;;) {
    const words = stripFlags(rest, visibleFlags(cmd));
    if (words.length === 0) break;
    const next = findChild(cmd, words[0]);
    if (!next) break;
    rest = argsMinusFirst(rest, words[0], visibleFlags(cmd));
    cmd = next;
  }
  // cobra legacyArgs: the root with a leftover word is an unknown command.
  if (cmd === root) {
    const words = stripFlags(rest, visibleFlags(cmd));
    if (words.length > 0) throw unknownCommand(root, words[0]);
  }
  return { command: cmd, rest };
}

/**
 * pflag's parse of one command's flags. By default -h/--help is not a defined flag:
 * like a bare pflag FlagSet, parsing stops there with "help requested". With
 * `cobraHelp` (a command executed by cobra, which defines the help flag first) it is
 * an ordinary bool flag: parsing goes on (`get --help --bogus` is an unknown-flag
 * error, `--help=x` a bad value, `--help=false` runs the command), last value wins.
 */
export function parseFlags(cmd: EtcdCommand, argv: string[], cobraHelp = false): ParsedCommandLine {
  const flags = visibleFlags(cmd);
  const values = new Map<string, FlagValue>();
  for (const f of flags) values.set(f.name, f.default);
  const changed = new Set<string>();
  const args: string[] = [];
  let dashIndex = -1;
  const path = cmd.path;
  const fail = (msg: string): never => {
    throw new UsageError(msg, path);
  };
  let help = false;
  const set = (f: FlagSpec, raw: string): void => {
    try {
      if (f === HELP_FLAG) {
        help = parseFlagValue(f, raw) as boolean;
        return;
      }
      values.set(f.name, parseFlagValue(f, raw, changed.has(f.name) ? values.get(f.name) : undefined));
    } catch (e) {
      fail(`invalid argument ${goQuote(raw)} for ${goQuote(flagDisplayName(f))} flag: ${(e as Error).message}`);
    }
    changed.add(f.name);
  };
  const result = (help: boolean): ParsedCommandLine => ({ command: cmd, args, dashIndex, values, changed, help });

  for (let i = 0; i < argv.length; i++) {
    const s = argv[i];
    if (s === '--') {
      dashIndex = args.length;
      args.push(...argv.slice(i + 1));
      break;
    }
    if (s.length < 2 || s[0] !== '-') {
      args.push(s);
      continue;
    }
    if (s[1] === '-') {
      const body = s.slice(2);
      if (body.length === 0 || body[0] === '-' || body[0] === '=') fail(`bad flag syntax: ${s}`);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const f = lookupLong(flags, name, true);
      if (!f) fail(`unknown flag: --${name}`);
      const spec = f as FlagSpec;
      if (spec === HELP_FLAG && !cobraHelp) return result(true);
      if (eq >= 0) set(spec, body.slice(eq + 1));
      else if (isBool(spec)) set(spec, 'true');
      else if (i + 1 < argv.length) set(spec, argv[++i]);
      else fail(`flag needs an argument: ${s}`);
      continue;
    }
    // Shorthand cluster: -abc, -wjson, -w=json, -w json.
    let shorts = s.slice(1);
    while (shorts.length > 0) {
      const ch = String.fromCodePoint(shorts.codePointAt(0)!);
      const f = lookupShort(flags, ch, true);
      if (!f) fail(`unknown shorthand flag: ${goQuoteRune(ch)} in -${shorts}`);
      const spec = f as FlagSpec;
      if (spec === HELP_FLAG && !cobraHelp) return result(true);
      const after = shorts.slice(ch.length);
      if (after.startsWith('=')) {
        set(spec, after.slice(1));
        shorts = '';
      } else if (isBool(spec)) {
        set(spec, 'true');
        shorts = after;
      } else if (after.length > 0) {
        set(spec, after);
        shorts = '';
      } else if (i + 1 < argv.length) {
        set(spec, argv[++i]);
        shorts = '';
      } else {
        fail(`flag needs an argument: ${goQuoteRune(ch)} in -${shorts}`);
      }
    }
  }
  return result(help || !cmd.runnable);
}

/** Go %q of a rune: single quotes. */
function goQuoteRune(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === '\\') return "'\\\\'";
  return `'${ch}'`;
}

export function parseCommandLine(root: EtcdCommand, argv: string[]): ParsedCommandLine {
  const { command, rest } = findCommand(root, argv);
  return parseFlags(command, rest, true);
}
