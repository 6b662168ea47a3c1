/**
 * etcdctl 3.7 help (docs/etcdctl-3.7-behaviour.md §1.3, C1): cobra v1.10.2's default help and usage templates with
 * pflag's flag columns, the root's children in titled groups, every global flag hidden (listed by
 * `options` only), and one trailer line after each help. Pure: command tree in, text out.
 * `helpText` picks the renderer of the tree's line (3.6: src/cli/help.ts).
 *
 * Ours, not etcdctl's (extensions, README "etcdctl 3.7 and 3.6"): extension commands are
 * listed in a last group of their own, EXTENSION_GROUP; extension flags in a last flag
 * section of their own, `Extension Flags:`. A command without extensions prints etcdctl's bytes.
 */
import type { EtcdCommand } from './command';
import type { FlagSpec } from './flags';
import { pflagUsages } from './cobra-help';
import { helpFlagFor, renderHelp, useLine } from './help';

/** The title of the root help's group of extension commands (batch, config, ls, tree). */
export const EXTENSION_GROUP = 'Extension commands';
/** The title of a command's section of extension flags, after etcdctl's flag sections. */
export const EXTENSION_FLAGS = 'Extension Flags:';

/** cobra's minimum width of the name column of command listings. */
const MIN_NAME_PADDING = 11;

const byName = (a: EtcdCommand, b: EtcdCommand): number => (a.name() < b.name() ? -1 : a.name() > b.name() ? 1 : 0);

/** The trailer cobra's help wrapper prints after every help text (not after a usage on error). */
export function optionsTrailer(cmd: EtcdCommand): string {
  return `Use "${cmd.root.name()} options" for a list of global command-line options (applies to all commands).\n`;
}

/** One listing section: `\n\n<title>` and a `  <name padded> <Short>` line per command, sorted. */
function listing(title: string, commands: EtcdCommand[]): string {
  if (commands.length === 0) return '';
  const pad = Math.max(MIN_NAME_PADDING, ...commands.map((c) => c.name().length));
  return `\n\n${title}${[...commands]
    .sort(byName)
    .map((c) => `\n  ${c.name().padEnd(pad)} ${c.short}`)
    .join('')}`;
}

/**
 * The sub-command sections: the root's groups in order (a child in none: cobra's
 * `Additional Commands:`), else `Available Commands:`; then the extension commands.
 */
function commandSections(cmd: EtcdCommand): string {
  const isExtension = (c: EtcdCommand): boolean => c.extension;
  const etcdctl = cmd.subcommands.filter((c) => !isExtension(c));
  const extensions = listing(EXTENSION_GROUP, cmd.subcommands.filter(isExtension));
  if (cmd.groups.length === 0) return listing('Available Commands:', etcdctl) + extensions;
  const members = (names: string[]): EtcdCommand[] => etcdctl.filter((c) => names.includes(c.name()));
  const grouped = cmd.groups.flatMap((g) => g.commands);
  const others = etcdctl.filter((c) => !grouped.includes(c.name()));
  return (
    cmd.groups.map((g) => listing(g.title, members(g.commands))).join('') +
    listing('Additional Commands:', others) +
    extensions
  );
}

function flagSection(title: string, flags: FlagSpec[]): string {
  return flags.length === 0 ? '' : `\n\n${title}\n${pflagUsages(flags).trimEnd()}`;
}

/**
 * cobra's usage block: `Usage:` with the use line and/or `<path> [command]`, Examples, the
 * sub-command listing, `Flags:` (own flags and `-h, --help`; the root's help flag is hidden),
 * `Global Flags:` (visible inherited flags: endpoint's --cluster), the `[command] --help` hint.
 */
export function usage37(cmd: EtcdCommand): string {
  const shown = (f: FlagSpec): boolean => !cmd.hidesFlag(f) && !f.extension;
  const hasSubs = cmd.subcommands.length > 0;
  let t = 'Usage:';
  if (cmd.runnable) t += `\n  ${useLine(cmd)}`;
  if (hasSubs) t += `\n  ${cmd.commandPath} [command]`;
  if (cmd.example) t += `\n\nExamples:\n${cmd.example}`;
  if (hasSubs) t += commandSections(cmd);
  const own = cmd.localFlags.filter(shown);
  t += flagSection('Flags:', cmd.etcdParent ? [...own, helpFlagFor(cmd)] : own);
  t += flagSection('Global Flags:', cmd.inheritedFlags.filter(shown));
  t += flagSection(
    EXTENSION_FLAGS,
    [...cmd.localFlags, ...cmd.inheritedFlags].filter((f) => f.extension && !cmd.hidesFlag(f)),
  );
  if (hasSubs) t += `\n\nUse "${cmd.commandPath} [command] --help" for more information about a command.`;
  return `${t}\n`;
}

/** cobra's help: the Long (else Short) without trailing white space and an empty line, the usage, the trailer. */
export function renderHelp37(cmd: EtcdCommand): string {
  const header = (cmd.long || cmd.short).replace(/\s+$/, '');
  return `${header === '' ? '' : `${header}\n\n`}${usage37(cmd)}${optionsTrailer(cmd)}`;
}

/** `etcdctl options` (C3): the global flags, unhidden, in pflag's columns. Extension flags stay out. */
export function optionsText(root: EtcdCommand): string {
  const globals = root.root.localFlags.filter((f) => !f.extension);
  return `The following options can be passed to any command:\n\n${pflagUsages(globals)}`;
}

/** The help of `cmd` in the layout of its tree's line. */
export function helpText(cmd: EtcdCommand): string {
  return cmd.compat === '3.6' ? renderHelp(cmd) : renderHelp37(cmd);
}
