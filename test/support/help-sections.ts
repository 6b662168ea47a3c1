// etcdctl help texts as data: a parser for both layouts (3.4/3.5: TAB indentation,
// docs/etcdctl-behaviour.md §2.3; 3.6: two spaces and an Examples section, docs/etcdctl-behaviour.md §2.2) and a renderer
// of the 3.6 layout, so that an oracle's help can be compared field by field
// and the expected 3.6 text rebuilt from the corrected fields.
import { tabwrite } from '../../src/go/tabwriter';

/** One pflag usage line: `  -w, --write-out="simple"\t<usage>`. */
export interface HelpFlag {
  /** Shorthand letter, '' when none. */
  short: string;
  name: string;
  /** The default part as printed: `="simple"`, `[=false]`, `=0`, `=2s`, `=[127.0.0.1:2379]`. */
  value: string;
  usage: string;
}

export interface HelpText {
  /** NAME line: `<name> - <short>`. */
  name: string;
  short: string;
  /** USAGE line. */
  usage: string;
  version?: string;
  api?: string;
  /** Examples section lines, verbatim (3.6 only). */
  examples?: string[];
  /** COMMANDS entries: [path relative to the command, Short]. */
  commands?: [string, string][];
  /** DESCRIPTION lines without their indentation. */
  description?: string[];
  options: HelpFlag[];
  globals?: HelpFlag[];
}

const HEADERS = [
  'NAME',
  'USAGE',
  'VERSION',
  'API VERSION',
  'Examples',
  'COMMANDS',
  'DESCRIPTION',
  'OPTIONS',
  'GLOBAL OPTIONS',
];
const FLAG_LINE = /^(?: {2}-(.), | {6})--([A-Za-z0-9-]+)(\[=[^\]\t]*\]|="(?:[^"\\]|\\.)*"|=[^\t]*)\t+(.*)$/;

export function parseFlagLine(line: string): HelpFlag {
  const m = FLAG_LINE.exec(line);
  if (!m) throw new Error(`not a flag line: ${JSON.stringify(line)}`);
  return { short: m[1] ?? '', name: m[2], value: m[3], usage: m[4] };
}

/**
 * Splits a help text into its sections. Throws on anything that does not fit the
 * template (an unknown header, text outside a section, a malformed flag line).
 */
export function parseHelp(text: string): HelpText {
  if (!text.startsWith('NAME:\n')) throw new Error(`not a help text: ${JSON.stringify(text.slice(0, 80))}`);
  const tabStyle = text.startsWith('NAME:\n\t');
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const header = /^([A-Za-z ]+):$/.exec(line);
    if (header && HEADERS.includes(header[1])) {
      if (sections.has(header[1])) throw new Error(`section ${header[1]} twice`);
      current = [];
      sections.set(header[1], current);
    } else if (current) current.push(line);
    else throw new Error(`text before the first section: ${JSON.stringify(line)}`);
  }
  for (const lines of sections.values()) while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  const indent = tabStyle ? '\t' : '  ';
  const deindent = (l: string): string => {
    if (!l.startsWith(indent)) throw new Error(`line not indented by ${JSON.stringify(indent)}: ${JSON.stringify(l)}`);
    return l.slice(indent.length);
  };
  const single = (key: string): string | undefined => {
    const lines = sections.get(key);
    if (!lines) return undefined;
    if (lines.length !== 1) throw new Error(`section ${key} has ${lines.length} lines`);
    return deindent(lines[0]);
  };

  const nameLine = single('NAME') ?? '';
  const sep = nameLine.indexOf(' - ');
  if (sep < 0) throw new Error(`bad NAME line ${JSON.stringify(nameLine)}`);
  const help: HelpText = {
    name: nameLine.slice(0, sep),
    short: nameLine.slice(sep + 3),
    usage: single('USAGE') ?? '',
    options: (sections.get('OPTIONS') ?? []).map(parseFlagLine),
  };
  const version = single('VERSION');
  if (version !== undefined) help.version = version;
  const api = single('API VERSION');
  if (api !== undefined) help.api = api;
  const examples = sections.get('Examples');
  if (examples) help.examples = examples;
  const commands = sections.get('COMMANDS');
  if (commands) {
    help.commands = commands.map((l) => {
      const cells = deindent(l).split(/\t+/);
      if (cells.length !== 2) throw new Error(`bad COMMANDS line ${JSON.stringify(l)}`);
      return [cells[0], cells[1]];
    });
  }
  const description = sections.get('DESCRIPTION');
  if (description) help.description = description.map(deindent);
  const globals = sections.get('GLOBAL OPTIONS');
  if (globals) help.globals = globals.map(parseFlagLine);
  return help;
}

export function flagText(f: HelpFlag): string {
  return `${f.short ? `  -${f.short}, ` : '      '}--${f.name}${f.value}\t${f.usage}`;
}

/** The 3.6 help text (docs/etcdctl-behaviour.md §2.2 template, tab-aligned as in docs/etcdctl-behaviour.md §13.3) of the given fields. */
export function renderHelp36(h: HelpText): string {
  let t = `NAME:\n  ${h.name} - ${h.short}\n\nUSAGE:\n  ${h.usage}\n`;
  if (h.version !== undefined) t += `\nVERSION:\n  ${h.version}\n`;
  if (h.api !== undefined) t += `\nAPI VERSION:\n  ${h.api}\n`;
  if (h.examples) t += `\nExamples:\n${h.examples.join('\n')}\n`;
  if (h.commands) t += `\nCOMMANDS:\n${h.commands.map(([p, s]) => `  ${p}\t${s}\n`).join('')}`;
  if (h.description) t += `\nDESCRIPTION:\n${h.description.map((l) => `  ${l}\n`).join('')}`;
  t += `\nOPTIONS:\n${h.options.map((f) => `${flagText(f)}\n`).join('')}`;
  if (h.globals) t += `\nGLOBAL OPTIONS:\n${h.globals.map((f) => `${flagText(f)}\n`).join('')}`;
  return tabwrite(`${t}\n`);
}

export function byFlagName(a: HelpFlag, b: HelpFlag): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** cobra's listing order: depth-first with children sorted by name = word-wise path order. */
export function byCommandPath(a: string, b: string): number {
  const x = a.split(' ');
  const y = b.split(' ');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * Our root help = etcdctl's help text + a trailing `EXTENSION COMMANDS:` section listing
 * the commands etcdctl does not have (batch, config, ls, tree), and before it, on commands with
 * extension flags, an `EXTENSION OPTIONS:` section. Splits the two, so that the first part
 * can be compared with etcdctl's bytes; `extensions` is '' when there is no such section.
 */
export function splitExtensions(text: string): { etcdctl: string; extensions: string } {
  const at =
    [text.indexOf('\nEXTENSION OPTIONS:\n'), text.indexOf('\nEXTENSION COMMANDS:\n')]
      .filter((i) => i >= 0)
      .sort((a, b) => a - b)[0] ?? -1;
  if (at < 0) return { etcdctl: text, extensions: '' };
  return { etcdctl: text.slice(0, at + 1), extensions: text.slice(at + 1) };
}

/** The exact EXTENSION COMMANDS section of our root help. */
export const EXTENSION_SECTION = tabwrite(
  'EXTENSION COMMANDS:\n' +
    '  batch\tRuns etcdctl command lines from a file or stdin over one connection\n' +
    '  config\tNamed contexts of connection settings (extension)\n' +
    '  ls\tLists the next level of keys under a prefix, with key counts\n' +
    '  tree\tDraws the keys under a prefix as a tree, with key counts\n\n',
);

/**
 * The exact EXTENSION OPTIONS section of each command that has extension flags (written out
 * by hand: a new extension flag must be added here on purpose). Everything above it in the
 * help text is etcdctl's bytes.
 */
export const EXTENSION_OPTIONS: Record<string, string> = {
  get: tabwrite(
    'EXTENSION OPTIONS:\n' +
      '      --require-match[=false]\texit 11 when no key matches (output is printed as usual)\n' +
      '      --separator=""\twith -w raw: bytes written after each item (escapes \\n \\t \\0 \\\\; none by default)\n\n',
  ),
  put: tabwrite(
    'EXTENSION OPTIONS:\n' +
      '      --if-absent[=false]\twrite only when the key does not exist (exit 10 otherwise, nothing written)\n' +
      "      --if-mod-rev=-1\twrite only when the key's mod revision is N (exit 10 otherwise, nothing written)\n\n",
  ),
  del: tabwrite(
    'EXTENSION OPTIONS:\n' +
      '      --dry-run[=false]\tprint what would be deleted (as del --prev-kv prints it) and delete nothing\n' +
      "      --if-mod-rev=-1\tdelete only when the key's mod revision is N (exit 10 otherwise, nothing deleted)\n\n",
  ),
  watch: tabwrite(
    'EXTENSION OPTIONS:\n' +
      '      --max-disconnect=0s\tExit with code 13 once no member could be reached for this long (0: retry forever)\n' +
      '      --on-compacted="fail"\tWhen the start revision was compacted: fail (as etcdctl) or resync (re-read the keys at the current revision as PUT events, then watch on)\n' +
      '      --separator=""\twith -w raw: bytes written after each item (escapes \\n \\t \\0 \\\\; none by default)\n' +
      '      --timestamps[=false]\tPrefix each response with its local RFC3339 arrival time (on by default when stdout is a terminal)\n\n',
  ),
  txn: tabwrite(
    'EXTENSION OPTIONS:\n  -f, --file=""\tread the transaction from a JSON or YAML document (FILE, or - for stdin)\n\n',
  ),
  lock: tabwrite(
    'EXTENSION OPTIONS:\n' +
      '      --timeout=0s\tgive up (exit status 7) if the lock is not acquired within this duration; 0 waits forever (not in etcdctl)\n' +
      '      --try[=false]\tgive up at once (exit status 7) if another session holds the lock (not in etcdctl)\n\n',
  ),
};

/** The flag names of EXTENSION_OPTIONS[path]. */
export function extensionFlagNames(path: string): string[] {
  return [...(EXTENSION_OPTIONS[path] ?? '').matchAll(/^ +(?:-[a-z], )?--([a-z-]+)/gm)].map((m) => m[1]);
}
