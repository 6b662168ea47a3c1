// Shell completion in 3.7 mode (3.7 spec §9, C12): `options` and the new group Shorts are
// offered, global flags are not (hidden), `-w` values still are when -w is typed. The bash
// script of the 3.7 tree is the 3.6 script with exactly the edits listed below. 3.6 mode stays
// as tested in complete.test.ts (against etcdctl 3.5.30) and complete-bash.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProgram } from '../../src/program';
import { complete, renderCompletion } from '../../src/cli/complete';
import { completionScript } from '../../src/cli/completion-scripts';
import { GLOBAL_FLAGS } from '../../src/cli/globals';
import { ours } from '../support/run';

const root36 = buildProgram('3.6');
const root37 = buildProgram('3.7');
const hasJwt = root37.localFlags.some((f) => f.name === 'auth-jwt-token');
const hasStream = root37.subcommands.find((c) => c.name() === 'get')!.localFlags.some((f) => f.name === 'stream');

const completeOut = (args: string[]): string => renderCompletion(complete(buildProgram('3.7'), args), true).stdout;

/** Replaces exactly one occurrence of `from` (the edit must apply). */
function edit(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `one occurrence of ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

test('bash: the 3.7 script is the 3.6 script with the 3.7 spec §9 edits', () => {
  const fn = '__etcdctl';
  let want = completionScript('bash', root36);
  // the root lists `options` (sorted between move-leader and put)
  want = edit(want, ' move-leader put ', ' move-leader options put ');
  want = edit(
    want,
    "    'move-leader') echo '--help -h' ;;\n",
    "    'move-leader') echo '--help -h' ;;\n    'options') echo '--help -h' ;;\n",
  );
  // no function offers a global flag any more
  const globals = root36.localFlags
    .flatMap((f) => (f.short ? [`--${f.name}`, `-${f.short}`] : [`--${f.name}`]))
    .join(' ');
  want = edit(want, `${fn}_flags() {\n  echo '${globals}'\n`, `${fn}_flags() {\n  echo ''\n`);
  // ours: lock --try/--timeout are extension flags in 3.7, never offered
  want = edit(want, "    'lock') echo '--help -h --timeout --try --ttl' ;;", "    'lock') echo '--help -h --ttl' ;;");
  want = edit(want, '|--sort-by|--timeout|--ttl|', '|--sort-by|--ttl|');
  // get --stream and --auth-jwt-token, once the tree has them (issue 15 C6, C5: another branch);
  // the hidden global flag is skipped with its value like the others
  if (hasStream) want = edit(want, " --sort-by' ;;", " --sort-by --stream' ;;");
  if (hasJwt) want = edit(want, '    --cacert|', '    --auth-jwt-token|--cacert|');
  assert.equal(completionScript('bash', root37), want);
});

test('zsh, fish, PowerShell: no global flag offered in 3.7, -w values still completed', () => {
  const zsh = completionScript('zsh', root37);
  assert.match(zsh, /\n {2}reply\+=\(\)\n/);
  assert.match(zsh, /-w\|--write-out\) compadd -- fields json protobuf simple table; return ;;/);
  const fish = completionScript('fish', root37);
  for (const f of GLOBAL_FLAGS) assert.ok(!fish.includes(` -l ${f.name} `), `fish offers --${f.name}`);
  assert.match(fish, /-a 'options' -d 'Show the global command-line flags'/);
  const ps = completionScript('powershell', root37);
  assert.match(ps, /\n\$__etcdctlGlobalFlags = @\(\)\n/);
  // 3.6 offers them
  assert.ok(completionScript('fish', root36).includes(' -l endpoints '));
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
      `--sort-by\tSort target; CREATE, KEY, MODIFY, VALUE, or VERSION\n${hasStream ? '--stream\tUse the RangeStream RPC\n' : ''}:4\n`,
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
