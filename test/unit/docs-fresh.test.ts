// completions/ and man/ are generated from the command tree and committed:
// they must equal what the generator makes now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedDocs } from '../../scripts/docs';
import { findRepoRoot } from '../support/root';

test('completions/ and man/ are up to date (run `npm run gen:docs`)', () => {
  const root = findRepoRoot();
  const expected = generatedDocs();
  const committed = ['completions', 'man'].flatMap((d) => readdirSync(join(root, d)).map((f) => `${d}/${f}`));
  assert.deepEqual(committed.sort(), [...expected.keys()].sort(), 'file sets differ: run `npm run gen:docs`');
  for (const [name, text] of expected) {
    assert.equal(readFileSync(join(root, name), 'utf8'), text, `${name} is stale: run \`npm run gen:docs\``);
  }
});

test('the man page of get lists its flags and the synopsis of its help', () => {
  const page = generatedDocs().get('man/etcdctl-get.1') ?? '';
  assert.match(page, /^\.TH ETCDCTL-GET 1 /);
  assert.match(page, /\.B etcdctl get \[options\] <key> \[range_end\] \[flags\]\n/);
  assert.match(page, /\.B \\-\\-prefix\n/);
});
