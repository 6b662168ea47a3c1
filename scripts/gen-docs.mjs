// Regenerates completions/ and man/ from the command tree (npm run gen:docs), and
// package.json's "man" list (npm links those pages into <prefix>/share/man on install).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(tmpdir(), `etcdctl-ts-docs-${process.pid}.cjs`);
await build({
  entryPoints: [join(root, 'scripts/docs.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  logLevel: 'warning',
});
const { generatedDocs } = createRequire(import.meta.url)(out);
rmSync(out);
for (const dir of ['completions', 'man']) {
  rmSync(join(root, dir), { recursive: true, force: true });
  mkdirSync(join(root, dir));
}
const files = generatedDocs();
for (const [name, text] of files) writeFileSync(join(root, name), text);
const pkgFile = join(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
pkg.man = [...files.keys()]
  .filter((n) => n.startsWith('man/'))
  .sort()
  .map((n) => `./${n}`);
writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`gen-docs: wrote ${files.size} files and package.json "man"`);
