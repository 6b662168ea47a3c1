/**
 * The etcdctl line setting (src/compat.ts): 3.7 by default, 3.6 through ETCDCTLTS_COMPAT,
 * a value naming no line refused before anything runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ours } from '../support/run';

const cases: Array<[string | undefined, string]> = [
  [undefined, 'etcdctl version: 3.7.1\nAPI version: 3.7\n'],
  ['', 'etcdctl version: 3.7.1\nAPI version: 3.7\n'],
  ['3.7', 'etcdctl version: 3.7.1\nAPI version: 3.7\n'],
  ['3.6', 'etcdctl version: 3.6.14\nAPI version: 3.6\n'],
  ['v3.6.14', 'etcdctl version: 3.6.14\nAPI version: 3.6\n'],
];

for (const [value, want] of cases) {
  test(`ETCDCTLTS_COMPAT=${value ?? '(unset)'}: version prints its line`, async () => {
    const r = await ours(['version'], { env: { ETCDCTLTS_COMPAT: value } });
    assert.equal(r.err, '');
    assert.equal(r.out, want);
    assert.equal(r.code, 0);
  });
}

test('ETCDCTLTS_COMPAT naming no line: an error, exit 1, nothing run', async () => {
  const r = await ours(['version'], { env: { ETCDCTLTS_COMPAT: '3.8' } });
  assert.equal(r.out, '');
  assert.equal(r.err, 'Error: ETCDCTLTS_COMPAT="3.8": not an etcdctl line (want 3.7 or 3.6)\n');
  assert.equal(r.code, 1);
});
