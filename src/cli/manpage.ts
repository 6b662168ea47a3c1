/**
 * Man pages (roff) generated from the command tree: etcdctl(1) with the global
 * options and the command list, and one page per runnable command. Pure.
 */
import type { EtcdCommand } from './command';
import { helpFlagFor, runnableDescendants, useLine } from './help';
import { flagValueString, type FlagSpec } from './flags';
import { goQuote } from '../go/quote';
import { ETCDCTL_VERSION } from '../version';

/** Escapes text for roff: backslashes, hyphens, and control characters at line starts. */
function roff(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .split('\n')
    .map((l) => (/^[.']/.test(l) ? `\\&${l}` : l))
    .join('\n');
}

function flagTerm(f: FlagSpec): string {
  const name = f.short ? `-${f.short}, --${f.name}` : `--${f.name}`;
  if (f.type === 'bool') return name;
  const def = flagValueString(f, f.default);
  return `${name}=${f.type === 'string' ? goQuote(def) : def}`;
}

function optionsSection(title: string, flags: FlagSpec[]): string {
  const sorted = [...flags].sort((a, b) => (a.name < b.name ? -1 : 1));
  return `.SH ${title}\n${sorted.map((f) => `.TP\n.B ${roff(flagTerm(f))}\n${roff(f.usage)}\n`).join('')}`;
}

export function manPageName(cmd: EtcdCommand): string {
  return ['etcdctl', ...cmd.path].join('-');
}

export function manPage(cmd: EtcdCommand): string {
  const name = manPageName(cmd);
  const isRoot = cmd.path.length === 0;
  let t = `.TH ${name.toUpperCase()} 1 "" "etcdctl-ts ${ETCDCTL_VERSION}" "etcdctl manual"\n`;
  t += `.SH NAME\n${roff(name)} \\- ${roff(cmd.short)}\n`;
  t += `.SH SYNOPSIS\n.B ${roff(useLine(cmd))}\n`;
  if (cmd.long) t += `.SH DESCRIPTION\n.nf\n${roff(cmd.long.replace(/^[\n\t ]+|[\n\t ]+$/g, ''))}\n.fi\n`;
  if (isRoot) {
    t += '.SH COMMANDS\n';
    for (const c of runnableDescendants(cmd))
      t += `.TP\n.B ${roff(c.path.join(' '))}\n${roff(c.short)} (see \\fB${manPageName(c)}\\fR(1))\n`;
  }
  t += optionsSection('OPTIONS', [...cmd.localFlags.filter((f) => !f.extension), helpFlagFor(cmd)]);
  if (cmd.example) t += `.SH EXAMPLES\n.nf\n${roff(cmd.example)}\n.fi\n`;
  const extensions = [...cmd.localFlags, ...cmd.inheritedFlags].filter((f) => f.extension);
  if (extensions.length > 0) t += optionsSection('EXTENSION OPTIONS', extensions);
  if (!isRoot) {
    t += optionsSection(
      'GLOBAL OPTIONS',
      cmd.inheritedFlags.filter((f) => !f.extension),
    );
    t += '.SH SEE ALSO\n\\fBetcdctl\\fR(1)\n';
  }
  return t;
}

/** Every page: etcdctl.1 and one per runnable command, keyed by file name. */
export function manPages(root: EtcdCommand): Map<string, string> {
  const pages = new Map<string, string>([[`${manPageName(root)}.1`, manPage(root)]]);
  for (const c of runnableDescendants(root)) pages.set(`${manPageName(c)}.1`, manPage(c));
  return pages;
}
