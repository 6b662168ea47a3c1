/**
 * Which -w values a command takes. etcdctl's five formats are every command's (a
 * printer that lacks one fails after the RPC, as in etcdctl: output/printer.ts); an
 * extension format (jsonl, raw) only where the command declares it (CommandDef.formats),
 * and it is refused before anything runs everywhere else, with etcdctl's
 * `<format> not supported as output format` text and exit 4.
 */
import { CliError, ExitCode } from '../errors';
import { EXTENSION_FORMATS, OUTPUT_FORMATS, type ExtensionFormat } from '../settings';
import type { EtcdCommand } from './command';

export function isExtensionFormat(v: string): v is ExtensionFormat {
  return (EXTENSION_FORMATS as readonly string[]).includes(v);
}

/** The paths (`lease list`) of etcdctl's commands that print `format`, sorted. */
function commandsTaking(root: EtcdCommand, format: ExtensionFormat): string[] {
  const out: string[] = [];
  const walk = (c: EtcdCommand): void => {
    // An extension command that takes it (batch) only passes it on to its lines.
    if (c.formats.includes(format) && !c.extension) out.push(c.path.join(' '));
    for (const sub of c.subcommands) walk(sub);
  };
  walk(root);
  return out.sort();
}

/**
 * The error for `format` on `command`, or undefined when it takes it: an unknown value is
 * etcdctl's `unsupported output format` (so is an extension format when no command is
 * known); an extension format the command does not print names the commands that do.
 */
export function outputFormatError(format: string, command: EtcdCommand | undefined): CliError | undefined {
  if ((OUTPUT_FORMATS as readonly string[]).includes(format)) return undefined;
  if (!isExtensionFormat(format) || !command) return new CliError(ExitCode.BadFeature, 'unsupported output format');
  if (command.formats.includes(format)) return undefined;
  const takers = commandsTaking(command.root, format).join(', ');
  return new CliError(
    ExitCode.BadFeature,
    `${format} not supported as output format of ${JSON.stringify(command.path.join(' '))} (an extension format of ${takers})`,
  );
}
