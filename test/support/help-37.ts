// The etcdctl 3.7.1 help texts of the 3.7 spec (copied into test/data/help-3.7/ by
// scripts/extract-help-37.mjs) and the one documented transform the 3.7 help tests apply:
// OUR extensions, inserted where the 3.7 layout puts them (README "etcdctl 3.7 and 3.6"):
// the root's `Extension commands` group before its `Use "etcdctl [command] --help"` line,
// a command's `Extension Flags:` section after etcdctl's flag sections.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from './root';

const dir = join(findRepoRoot(), 'test', 'data', 'help-3.7');

/** `lease keep-alive` -> lease_keep-alive.txt, the root -> root.txt. */
export function helpFile(path: string): string {
  return `${path === '' ? 'root' : path.replace(/ /g, '_')}.txt`;
}

export function readHelp37(file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

export const TRAILER = 'Use "etcdctl options" for a list of global command-line options (applies to all commands).\n';
const SUBCOMMANDS_HINT = '\n\nUse "etcdctl [command] --help" for more information about a command.\n';

/** The exact extension group of our 3.7 root listing (written out by hand on purpose). */
export const EXTENSION_GROUP_37 =
  '\n\nExtension commands\n' +
  '  batch       Runs etcdctl command lines from a file or stdin over one connection\n' +
  '  config      Named contexts of connection settings (extension)\n' +
  '  ls          Lists the next level of keys under a prefix, with key counts\n' +
  '  tree        Draws the keys under a prefix as a tree, with key counts';

/** The exact `Extension Flags:` section of each etcdctl command that has extension flags. */
export const EXTENSION_FLAGS_37: Record<string, string> = {
  get:
    '      --require-match      exit 11 when no key matches (output is printed as usual)\n' +
    '      --separator string   with -w raw: bytes written after each item (escapes \\n \\t \\0 \\\\; none by default)\n',
  put:
    '      --if-absent        write only when the key does not exist (exit 10 otherwise, nothing written)\n' +
    "      --if-mod-rev int   write only when the key's mod revision is N (exit 10 otherwise, nothing written) (default -1)\n",
  del:
    '      --dry-run          print what would be deleted (as del --prev-kv prints it) and delete nothing\n' +
    "      --if-mod-rev int   delete only when the key's mod revision is N (exit 10 otherwise, nothing deleted) (default -1)\n",
  watch:
    '      --max-disconnect duration   Exit with code 13 once no member could be reached for this long (0: retry forever)\n' +
    '      --on-compacted string       When the start revision was compacted: fail (as etcdctl) or resync (re-read the keys at the current revision as PUT events, then watch on) (default "fail")\n' +
    '      --separator string          with -w raw: bytes written after each item (escapes \\n \\t \\0 \\\\; none by default)\n' +
    '      --timestamps                Prefix each response with its local RFC3339 arrival time (on by default when stdout is a terminal)\n',
  txn: '  -f, --file string   read the transaction from a JSON or YAML document (FILE, or - for stdin)\n',
  lock:
    '      --timeout duration   give up (exit status 7) if the lock is not acquired within this duration; 0 waits forever (not in etcdctl)\n' +
    '      --try                give up at once (exit status 7) if another session holds the lock (not in etcdctl)\n',
};

/** A usage block (help or error) with our extension group / flag section inserted. */
function insertExtensions(path: string, usage: string): string {
  if (path === '') {
    const at = usage.lastIndexOf(SUBCOMMANDS_HINT);
    return usage.slice(0, at) + EXTENSION_GROUP_37 + usage.slice(at);
  }
  const flags = EXTENSION_FLAGS_37[path];
  return flags ? `${usage.slice(0, -1)}\n\nExtension Flags:\n${flags}` : usage;
}

/** The usage block of a help text: from `Usage:` to before the trailer. */
export function usageOf(help: string): string {
  if (!help.endsWith(TRAILER)) throw new Error('not a 3.7 help text');
  return help.slice(help.indexOf('Usage:\n'), -TRAILER.length);
}

/** What our 3.7 `etcdctl <path> --help` prints: Appendix A with our extensions. */
export function expectedHelp37(path: string): string {
  const help = readHelp37(helpFile(path));
  const usage = usageOf(help);
  return help.slice(0, help.length - TRAILER.length - usage.length) + insertExtensions(path, usage) + TRAILER;
}

/** The usage block of our 3.7 `etcdctl <path>`: Appendix A's, without header and trailer, with our extensions. */
export function expectedUsage37(path: string): string {
  return insertExtensions(path, usageOf(readHelp37(helpFile(path))));
}

/** What our 3.7 prints on stderr for a parse error of `etcdctl <path> …` (docs/etcdctl-3.7-behaviour.md §1.4). */
export function expectedUsageError37(path: string, message: string): string {
  return `Error: ${message}\n${expectedUsage37(path)}\n`;
}
