// Copies the etcdctl 3.7.1 texts of the 3.7 spec (etcdctl-3.7-changes.md, outside this repo)
// into test/data/help-3.7/, where the 3.7 help tests read them:
//   <path>.txt              Appendix A: `etcdctl <path> --help` (root.txt; words joined by `_`,
//                           e.g. lease_keep-alive.txt)
//   options.stdout.txt      §3: `etcdctl options`
//   get-bogus.stderr.txt    §1.4: `etcdctl get --bogus`
//   completion.stderr.txt   §1.4: `etcdctl completion` without argument
//   help-bogus.stderr.txt   §1.5: `etcdctl help bogus`
// Each file is the fenced block's lines, each ending in a newline. Run it again when the spec
// changes and commit the result:
//   node scripts/extract-help-37.mjs [SPEC]   (default ../shared/spec/etcdctl-3.7-changes.md)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const specPath = resolve(process.argv[2] ?? join(root, '..', 'shared', 'spec', 'etcdctl-3.7-changes.md'));
const lines = readFileSync(specPath, 'utf8').split('\n');

/** The fenced blocks from line `from` on, until a line matching `until`: [start line, text]. */
function blocks(from, until = /^## /) {
  const out = [];
  let open = -1;
  for (let i = from; i < lines.length; i++) {
    if (open < 0 && i > from && until.test(lines[i])) break;
    if (lines[i] !== '```') continue;
    if (open < 0) open = i;
    else {
      out.push([
        open,
        lines
          .slice(open + 1, i)
          .map((l) => `${l}\n`)
          .join(''),
      ]);
      open = -1;
    }
  }
  return out;
}

function heading(re) {
  const i = lines.findIndex((l) => re.test(l));
  if (i < 0) throw new Error(`${specPath}: no heading ${re}`);
  return i;
}

const files = new Map();
const appendix = heading(/^## Appendix A\./);
for (let i = appendix; i < lines.length; i++) {
  const m = /^#### `etcdctl (.*)--help`$/.exec(lines[i]);
  if (!m) continue;
  const path = m[1].trim();
  const [first] = blocks(i, /^#### /);
  if (!first) throw new Error(`${specPath}:${i + 1}: no block for ${path}`);
  files.set(`${path === '' ? 'root' : path.replace(/ /g, '_')}.txt`, first[1]);
}
if (files.size !== 63) throw new Error(`Appendix A: ${files.size} help texts, want 63`);
files.set('options.stdout.txt', blocks(heading(/^## 3\. `options` command/))[0][1]);
const usageErrors = blocks(heading(/^### 1\.4 /), /^### /);
files.set('get-bogus.stderr.txt', usageErrors[0][1]);
files.set('completion.stderr.txt', usageErrors[1][1]);
files.set('help-bogus.stderr.txt', blocks(heading(/^### 1\.5 /), /^### /)[0][1]);

const dir = join(root, 'test', 'data', 'help-3.7');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
for (const [name, text] of files) writeFileSync(join(dir, name), text);
console.log(`extract-help-37: wrote ${files.size} files to test/data/help-3.7/`);
