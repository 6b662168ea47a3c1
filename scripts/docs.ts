// The generated documentation files, from the command tree: shell completions
// (completions/) and man pages (man/). Used by scripts/gen-docs.mjs to write
// them and by test/unit/docs-fresh.test.ts to check the committed copies.
// They describe the default etcdctl line, 3.7 (`etcdctl completion SHELL` prints
// the script of the line in use).
import { buildProgram } from '../src/program';
import { DEFAULT_COMPAT } from '../src/compat';
import { completionScript } from '../src/cli/completion-scripts';
import { manPages } from '../src/cli/manpage';

export function generatedDocs(): Map<string, string> {
  const root = buildProgram(DEFAULT_COMPAT);
  const files = new Map<string, string>([
    ['completions/etcdctl.bash', completionScript('bash', root)],
    ['completions/_etcdctl', completionScript('zsh', root)],
    ['completions/etcdctl.fish', completionScript('fish', root)],
    ['completions/etcdctl.ps1', completionScript('powershell', root)],
  ]);
  for (const [name, text] of manPages(root)) files.set(`man/${name}`, text);
  return files;
}
