/**
 * etcdctl 3.6 help text (the etcd usage template of docs/etcdctl-behaviour.md §2.2), aligned by a
 * Go text/tabwriter port. Pure: command tree in, text out.
 */
import { tabwrite } from '../go/tabwriter';
import { goQuote } from '../go/quote';
import { RELEASE } from '../compat';
import type { EtcdCommand } from './command';
import { flagValueString, type FlagSpec } from './flags';

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** One pflag usage line for the etcd template: `  -w, --write-out="simple"\t<usage>`. */
export function flagLine(f: FlagSpec): string {
  const head = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
  const def = flagValueString(f, f.default);
  let value: string;
  if (f.type === 'bool') value = `[=${def}]`;
  else if (f.type === 'string') value = `=${goQuote(def)}`;
  else value = `=${def}`;
  return `${head}${value}\t${f.usage}`;
}

export function helpFlagFor(cmd: EtcdCommand): FlagSpec {
  return { name: 'help', short: 'h', type: 'bool', default: false, usage: `help for ${cmd.name()}` };
}

/** cobra UseLine. */
export function useLine(cmd: EtcdCommand): string {
  const rest = cmd.use.slice(cmd.name().length);
  const parentPath = cmd.etcdParent ? `${cmd.etcdParent.commandPath} ` : '';
  let line = `${parentPath}${cmd.name()}${rest}`;
  if (!cmd.disableFlagsInUseLine && !line.includes('[flags]')) line += ' [flags]';
  return line;
}

/** Runnable descendants, depth-first, children sorted by name. */
/** An extension command, or one under an extension group (config get-contexts) below `top`. */
function inExtension(c: EtcdCommand, top: EtcdCommand): boolean {
  for (let p: EtcdCommand | null = c; p && p !== top; p = p.parent as EtcdCommand | null) if (p.extension) return true;
  return false;
}

export function runnableDescendants(cmd: EtcdCommand): EtcdCommand[] {
  const out: EtcdCommand[] = [];
  const subs = [...cmd.subcommands].sort((a, b) => byName({ name: a.name() }, { name: b.name() }));
  for (const c of subs) {
    if (c.runnable) out.push(c);
    out.push(...runnableDescendants(c));
  }
  return out;
}

function trimLong(text: string): string {
  return text.replace(/^[\n\t ]+|[\n\t ]+$/g, '');
}

/**
 * `helpFlag: false`: without the `-h, --help` line, as cobra prints a command whose
 * help flag was never initialised (the root usage after `help <unknown topic>`).
 */
export function renderHelp(cmd: EtcdCommand, opts: { helpFlag?: boolean } = {}): string {
  const isRoot = !cmd.etcdParent;
  const name = isRoot ? cmd.name() : cmd.path.join(' ');
  let t = `NAME:\n  ${name} - ${cmd.short}\n\nUSAGE:\n  ${useLine(cmd)}\n`;
  if (isRoot) t += `\nVERSION:\n  ${RELEASE['3.6'].version}\n`;
  const hasSubs = cmd.subcommands.length > 0;
  if (hasSubs) t += `\nAPI VERSION:\n  ${RELEASE['3.6'].api}\n`;
  if (cmd.example) t += `\nExamples:\n${cmd.example}\n`;
  if (hasSubs) {
    t += '\nCOMMANDS:\n';
    const base = cmd.path.length;
    for (const c of runnableDescendants(cmd))
      if (!inExtension(c, cmd)) t += `  ${c.path.slice(base).join(' ')}\t${c.short}\n`;
  }
  if (cmd.long) {
    t += '\nDESCRIPTION:\n';
    for (const line of trimLong(cmd.long).split('\n')) t += `  ${line}\n`;
  }
  const etcdctl = (f: FlagSpec): boolean => !f.extension;
  const local = [...cmd.localFlags.filter(etcdctl), ...(opts.helpFlag === false ? [] : [helpFlagFor(cmd)])].sort(
    byName,
  );
  t += '\nOPTIONS:\n';
  for (const f of local) t += `${flagLine(f)}\n`;
  const inherited = cmd.inheritedFlags.filter(etcdctl).sort(byName);
  if (inherited.length > 0) {
    t += '\nGLOBAL OPTIONS:\n';
    for (const f of inherited) t += `${flagLine(f)}\n`;
  }
  t += '\n';
  // Not etcdctl's: after its text, which stays byte-identical (a line without a TAB ends a
  // tabwriter block, so these lines do not change the alignment above).
  const extensionFlags = [...cmd.localFlags, ...cmd.inheritedFlags].filter((f) => f.extension).sort(byName);
  if (extensionFlags.length > 0) {
    t += 'EXTENSION OPTIONS:\n';
    for (const f of extensionFlags) t += `${flagLine(f)}\n`;
    t += '\n';
  }
  const extensions = cmd.subcommands
    .filter((c) => c.extension)
    .sort((a, b) => byName({ name: a.name() }, { name: b.name() }));
  if (extensions.length > 0) {
    t += 'EXTENSION COMMANDS:\n';
    for (const c of extensions) t += `  ${c.name()}\t${c.short}\n`;
    t += '\n';
  }
  return tabwrite(t);
}
