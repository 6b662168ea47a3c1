// Shell completion in 3.7 mode (docs/etcdctl-3.7-behaviour.md §9, C12): `options` and the new group Shorts are
// offered, global flags are not (hidden), `-w` values still are when -w is typed. Our scripts
// ask `__complete` (as cobra's do), so they are the same text in both lines. 3.6 mode stays
// as tested in complete.test.ts (against etcdctl 3.5.30) and complete-bash.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProgram } from '../../src/program';
import { complete, renderCompletion } from '../../src/cli/complete';
import { completionScript } from '../../src/cli/completion-scripts';
import { ours } from '../support/run';

const root36 = buildProgram('3.6');
const root37 = buildProgram('3.7');

const completeOut = (args: string[]): string => renderCompletion(complete(buildProgram('3.7'), args), true).stdout;

test('the scripts are the same in both lines: they ask `__complete`, whose candidates follow the line', () => {
  for (const shell of ['bash', 'zsh', 'fish', 'powershell'] as const) {
    const script = completionScript(shell, root37);
    assert.equal(script, completionScript(shell, root36), shell);
    assert.ok(script.includes('__complete'), `${shell} script calls __complete`);
  }
});

describe('__complete in 3.7', () => {
  const cases: [string[], string][] = [
    [['o'], 'options\tShow the global command-line flags\n:4\n'],
    [
      ['l'],
      'lease\tLease related commands. Use `etcdctl lease --help` to see subcommands\nlock\tAcquires a named lock\n:4\n',
    ],
    [
      ['a'],
      'alarm\tAlarm related commands. Use `etcdctl alarm --help` to see subcommands\nauth\tEnable or disable authentication. Use `etcdctl auth --help` to see subcommands\n:4\n',
    ],
    [['get', '--k'], '--keys-only\tGet only the keys\n:4\n'],
    [
      ['get', '--s'],
      `--sort-by\tSort target; CREATE, KEY, MODIFY, VALUE, or VERSION\n--stream\tUse the RangeStream RPC\n:4\n`,
    ],
    [['--end'], ':4\n'],
    [['-'], ':4\n'],
    [['lock', '--t'], '--ttl\ttimeout for session\n:4\n'],
    [
      ['endpoint', 'health', '--'],
      '--cluster\tuse all endpoints from the cluster member list\n--help\thelp for health\n:4\n',
    ],
    [['-w', ''], 'fields\njson\nprotobuf\nsimple\ntable\n:0\n'],
    [['get', '--write-out=j'], '--write-out=json\n:0\n'],
    [
      ['--endpoints', 'x', 'get', '--pr'],
      '--prefix\tGet keys with matching prefix\n--print-value-only\tOnly write values when using the "simple" output format\n:4\n',
    ],
    [['options', ''], ':0\n'],
  ];
  for (const [args, want] of cases) {
    test(JSON.stringify(args), () => {
      assert.equal(completeOut(args), want);
    });
  }
  test('the root listing: every etcdctl command with its 3.7 Short, and options', () => {
    const lines = completeOut(['']).split('\n');
    assert.equal(lines.length, 27); // 25 commands, ":4", ""
    assert.ok(lines.includes('options\tShow the global command-line flags'));
    assert.ok(lines.includes('member\tMembership related commands. Use `etcdctl member --help` to see subcommands'));
    assert.ok(!lines.some((l) => /^(batch|config|ls|tree)\t/.test(l)));
  });
  test('the binary: default line, and 3.6 still offers global flags', async () => {
    const r = await ours(['__complete', 'get', '--k'], { env: { ETCDCTLTS_COMPAT: undefined } });
    assert.equal(r.out, '--keys-only\tGet only the keys\n:4\n');
    assert.equal(r.err, 'Completion ended with directive: ShellCompDirectiveNoFileComp\n');
    const s = await ours(['__complete', 'get', '--k']);
    assert.match(s.out, /^--keepalive-time\t/);
  });
});
