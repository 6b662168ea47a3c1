// Checks that the committed generated protocol code (src/proto/gen/) is exactly what
// scripts/gen-proto.sh produces from src/proto/etcd/*.proto.
//
// This file is bundled by esbuild and run from another folder, so the repository root is
// found by findRepoRoot ($ETCDCTL_TS_ROOT, else walking up from process.cwd(); not __dirname).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRepoRoot } from '../support/root';

const HINT = 'generated protocol code is stale: run `npm run gen:proto` and commit src/proto/gen/';

/** Relative paths (with '/' separators) of all regular files below root, sorted. */
function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const ent of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const childRel = rel === '' ? ent.name : `${rel}/${ent.name}`;
      if (ent.isDirectory()) walk(childRel);
      else if (ent.isFile()) out.push(childRel);
    }
  };
  walk('');
  return out.sort();
}

test('src/proto/gen is up to date with src/proto/etcd/*.proto', () => {
  const root = findRepoRoot();
  const committedDir = path.join(root, 'src', 'proto', 'gen');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-proto-fresh-'));
  try {
    const outDir = path.join(tmp, 'gen');
    try {
      execFileSync('bash', [path.join(root, 'scripts', 'gen-proto.sh'), outDir], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      const e = err as { stderr?: Buffer; message?: string };
      const detail = e.stderr && e.stderr.length > 0 ? e.stderr.toString() : String(e.message);
      assert.fail(`scripts/gen-proto.sh failed:\n${detail}`);
    }

    assert.ok(fs.existsSync(committedDir), `${committedDir} does not exist; ${HINT}`);
    const expected = listFiles(outDir);
    const actual = listFiles(committedDir);
    assert.ok(expected.length > 0, 'scripts/gen-proto.sh generated no files');
    assert.deepEqual(actual, expected, `set of files in src/proto/gen differs; ${HINT}`);

    for (const rel of expected) {
      const want = fs.readFileSync(path.join(outDir, rel));
      const got = fs.readFileSync(path.join(committedDir, rel));
      assert.ok(want.equals(got), `src/proto/gen/${rel} differs from freshly generated code; ${HINT}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
