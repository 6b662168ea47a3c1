// Differential test of cobra's hidden __complete / __completeNoDesc protocol against the
// real etcdctl 3.5.30, for command lines whose candidates 3.5 and 3.6 share (3.6-only
// commands and flags such as downgrade or --max-create-rev change the lists elsewhere).
// Byte for byte on stdout and stderr, exit code too. No server is needed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ours, real } from '../support/run';

const LINES: string[][] = [
  ['g'],
  ['get', '--k'],
  ['get', '--h'],
  ['get', '-h'],
  ['member', ''],
  ['member', 'li'],
  ['lease', ''],
  ['--end'],
  ['zz'],
  ['get', ''],
  ['get', '--', ''],
  ['get', '--', '--k'],
  ['--endpoints', 'x', 'get', '--pr'],
  ['--endpoints=x', 'member', 're'],
  ['user', ''],
  ['role', 'g'],
];

describe('__complete matches etcdctl 3.5.30', () => {
  for (const mode of ['__complete', '__completeNoDesc']) {
    for (const line of LINES) {
      test(`${mode} ${JSON.stringify(line)}`, async () => {
        const [a, b] = await Promise.all([ours([mode, ...line]), real('3.5', [mode, ...line])]);
        assert.equal(a.out, b.out);
        assert.equal(a.err, b.err);
        assert.equal(a.code, b.code);
      });
    }
  }
});

describe('__complete 3.6 additions', () => {
  test('-w values (fields json protobuf simple table)', async () => {
    const r = await ours(['__complete', '-w', '']);
    assert.equal(r.out, 'fields\njson\nprotobuf\nsimple\ntable\n:0\n');
    const s = await ours(['__complete', 'get', '--write-out=j']);
    assert.equal(s.out, '--write-out=json\n:0\n');
  });
  test('completion shells', async () => {
    const r = await ours(['__complete', 'completion', '']);
    assert.equal(r.out, 'bash\nzsh\nfish\npowershell\n:4\n');
    assert.equal(r.err, 'Completion ended with directive: ShellCompDirectiveNoFileComp\n');
  });
  test('hidden commands are not in help', async () => {
    const r = await ours(['--help']);
    assert.ok(!r.out.includes('__complete'));
  });
});
