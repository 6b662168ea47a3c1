// Differential tests for txn (docs/etcdctl-behaviour.md §6.4): each scenario runs on the real
// etcdctl and on ours against twin clusters (same IDs, same revisions) and
// every step must match byte for byte. The oracle is 3.5.30 by default: it
// already prints 3.6's snake_case oneof keys in -w json (docs/etcdctl-behaviour.md §11.4 #11).
// Where 3.6 differs from the oracle, the step states the 3.6 expectation.
import assert from 'node:assert/strict';
import { describeReplay, type Step, type Expected } from '../support/diff';
import { getUsage36 } from '../support/txn-usage';

const NOTHING = Buffer.alloc(0);

/** 3.4 prints CamelCase oneof keys; 3.6 prints the proto names (docs/etcdctl-behaviour.md §11.4 #11). */
function snakeOneofs(e: Expected): Expected {
  const text = e.out
    .toString('latin1')
    .replace(/"ResponseRange":/g, '"response_range":')
    .replace(/"ResponsePut":/g, '"response_put":')
    .replace(/"ResponseDeleteRange":/g, '"response_delete_range":');
  return { ...e, out: Buffer.from(text, 'latin1') };
}

/**
 * Where etcdctl panics (Go stack on stderr, exit 2), we print one Error line
 * and exit 2 (docs/etcdctl-behaviour.md §4.4). The oracle must have panicked with `panicMsg`.
 */
function panicked(panicMsg: string, ours: string) {
  return (e: Expected): Expected => {
    assert.equal(e.code, 2);
    assert.ok(e.err.startsWith(`panic: ${panicMsg}\n\ngoroutine 1 [running]:\n`), e.err);
    return { out: NOTHING, err: `Error: ${ours}\n`, code: 2 };
  };
}

/** 3.6 warns and waits 2 s before a ranged del without --range; 3.5.30 printed a notice. */
function delWarning36(key: string, end: string) {
  return (e: Expected): Expected => {
    assert.match(e.err, /^In etcd v3\.6, the operation will be suspended/);
    return {
      ...e,
      err: `Warning: Keys between "${key}" and "${end}" will be deleted. Please interrupt the command within next 2 seconds to cancel. You can provide \`--range\` flag to avoid the delay.\n`,
    };
  };
}

const TXN_EXAMPLE = 'mod("foo") > "0"\n\nput foo "overwrote"\nget foo\n\nput foo created\n\n';
const FAILURE_BRANCH = 'value("foo") = "nope"\n\nput foo x\n\nget foo\ndel nonexist\n\n';

const txn = (name: string, input: string | Buffer, extra: Partial<Step> = {}, args: string[] = []): Step => ({
  name,
  args: ['txn', ...args],
  input,
  oracle: '3.5',
  ...extra,
});

const steps: Step[] = [
  { args: ['put', 'foo', 'bar'], setup: true },
  { args: ['put', 'p/a', '1'], setup: true },
  { args: ['put', 'p/b', '2'], setup: true },
  { args: ['put', 'p/c', '3'], setup: true },
  // The spec's examples, every output format.
  txn('spec example: success branch', TXN_EXAMPLE),
  txn('spec example with -i: prompts on stdout', TXN_EXAMPLE, {}, ['-i']),
  txn('failure branch, simple', FAILURE_BRANCH),
  txn('failure branch, fields (sub-response headers have IDs 0)', FAILURE_BRANCH, {}, ['-w', 'fields']),
  txn('failure branch, json', FAILURE_BRANCH, {}, ['-w', 'json']),
  txn(
    'json with the 3.4 oracle: 3.6 uses snake_case oneof keys',
    FAILURE_BRANCH,
    { oracle: '3.4', expect: snakeOneofs },
    ['-w', 'json'],
  ),
  txn('protobuf', FAILURE_BRANCH, {}, ['-w', 'protobuf']),
  txn('table: not supported, after the commit', FAILURE_BRANCH, {}, ['-w', 'table']),
  txn('--hex simple', 'ver("foo") > "0"\n\nget foo\nput hx v --prev-kv\nput hx w --prev-kv\n\n\n', {}, ['--hex']),
  txn(
    '--hex fields (3.6: IDs in hex; sub-headers are 0)',
    'ver("foo") > "0"\n\nget foo\n\n\n',
    {
      expect: (e) => ({
        ...e,
        out: Buffer.from(
          e.out
            .toString('latin1')
            .replace(
              /^"(ClusterID|MemberID)" : (\d+)$/gm,
              (_, k: string, v: string) => `"${k}" : ${BigInt(v).toString(16)}`,
            )
            .replace(/^"Lease" : (\d+)$/gm, (_, v: string) => `"Lease" : ${BigInt(v).toString(16).padStart(16, '0')}`),
          'latin1',
        ),
      }),
    },
    ['--hex', '-w', 'fields'],
  ),
  txn('empty txn: three empty sections', '\n\n\n'),
  txn(
    'all compare targets and operators',
    'ver("foo") != "0"\nc("foo") < "100"\nm("foo") > "1"\nval("foo") = "overwrote"\nversion("p/a") = "1"\ncreate("p/a") > "0"\nmod("p/a") < "1000"\nvalue("p/a") != "x"\n\nget p/a\n\n\n',
  ),
  txn('compare value with Go escapes', 'val("foo") = "ov\\x65rwrote"\n\nput esc "a\\tb\\n"\nget esc\n\n\n', {}, [
    '-w',
    'json',
  ]),
  txn('compare key in back quotes, text after the value ignored', 'mod(`foo`) > "0" trailing words\n\nget foo\n\n\n'),
  txn('compare with TABs between the parts', 'mod("foo")\t>\t\t"0"\n\nget foo --keys-only\n\n\n'),
  // Request lines: put/get/del with their flags, prefixes of the command names.
  txn(
    'get flags inside a txn',
    '\nget p/ --prefix --keys-only\nget p/ --prefix --limit=1 --sort-by=value --order=descend\nget p/a p/c\nget p/b --from-key --count-only\n\n\n',
    {},
    ['-w', 'json'],
  ),
  txn('command name prefixes: p, g, d', '\np k1 v1\ng k1\nd k1 --prev-kv\n\n\n'),
  txn('put --prev-kv and del --prefix --prev-kv', '\nput p/a 10 --prev-kv\ndel p/ --prefix --prev-kv\n\n\n', {}, [
    '-w',
    'fields',
  ]),
  txn('put --ignore-value on an existing key', '\nput foo --ignore-value\nget foo\n\n\n'),
  txn(
    'quoting: double quotes, single quotes, unterminated single quote',
    "\nput q1 \"a b\" \nput q2 'c d'\nput q3 'e\nget q --prefix\n\n\n",
  ),
  txn('binary bytes from \\x escapes', '\nput "\\xff\\x01" "\\xfe\\x00"\nget "\\xff" --prefix\n\n\n', {}, [
    '-w',
    'json',
  ]),
  txn('puts in the success branch', '\nput r/a 1\nput r/b 2\n\nget foo\n\n'),
  txn('del with a range end and --range', '\ndel r/a r/c --range --prev-kv\n\n\n'),
  txn('del with a range end: 3.6 warns and waits 2 s', '\ndel x/a x/c\n\n\n', { expect: delWarning36('x/a', 'x/c') }),
  txn('server error: duplicate key', '\nput dup 1\nput dup 2\n\n\n'),
  // Input errors (exit 3), argument errors of put/get/del (exit 128), formats (exit 4).
  txn('EOF before the failure section ends', 'mod("foo") > "0"\n\nput foo "overwrote"\n'),
  txn('last line without its newline', '\n\nput foo x'),
  txn('no input at all', ''),
  txn('malformed comparison: no parenthesis', 'bad\n\n\n\n'),
  txn('malformed comparison: unknown target', 'foo("foo") = "0"\n\n\n\n'),
  txn('invalid compare request: value not an integer', 'mod("foo") = "abc"\n\n\n\n'),
  txn('malformed comparison: operator glued to the value', 'mod("k") >"0"\n\n\n\n'),
  txn('malformed comparison: no space after the parenthesis', 'mod("k")>"0"\n\n\n\n'),
  txn('malformed comparison: spaces inside the parentheses', 'mod( "k" ) > "0"\n\n\n\n'),
  txn('malformed comparison: value not quoted', 'mod("foo") = 0\n\n\n\n'),
  txn('malformed comparison: bad escape in the key', 'mod("k\\q") = "0"\n\n\n\n'),
  txn('malformed comparison: value not terminated', 'mod("k") = "0\n\n\n\n'),
  txn('malformed comparison: nothing after the key', 'mod("k")\n\n\n\n'),
  txn('unknown compare operator: etcdctl panics', 'mod("foo") >= "0"\n\n\n\n', {
    expect: panicked('Unknown result op', 'Unknown result op ">=" (expected =, !=, > or <): mod("foo") >= "0"'),
  }),
  txn('lease compare: etcdctl panics', 'lease("foo") = "0"\n\n\n\n', {
    expect: panicked(
      'bad value',
      'bad value: etcdctl txn cannot compare leases (the value is not converted to an integer): lease("foo") = "0"',
    ),
  }),
  txn('unknown request command', '\nfoo bar\n\n'),
  txn('request with one word', '\nput\n\n'),
  txn('request: invalid Go escape', '\nput k "\\q"\n\n'),
  txn('put without value: stdin already consumed', '\nput a\n\n\n'),
  txn('put without arguments (flags only)', '\nput --prev-kv\n\n\n'),
  txn('put bad lease ID', '\nput k v --lease=zz\n\n\n'),
  txn('get bad consistency', '\nget k --consistency=x\n\n\n'),
  txn('get --prefix with two keys', '\nget a b --prefix\n\n\n'),
  txn('del with three keys', '\ndel a b c\n\n\n'),
  txn('unknown flag of put: usage of put on stderr', '\nput --foo a b\n\n'),
  txn('unknown flag of del: usage of del', '\ndel k --bad\n\n'),
  txn('bad flag value of get: usage of get (3.6 flags)', '\nget k --limit=x\n\n', { expect: getUsage36 }),
  txn('a global flag is unknown inside a txn', '\n-w json get k\n\n', { expect: getUsage36 }),
  txn('unknown flag before any command: usage of the anonymous root', '\n--foo bar\n\n'),
  txn('flag before the command eats it: no usage', '\n--foo put k v\n\n'),
  txn('arguments are rejected', 'mod("foo") > "0"\n\n\n\n', {}, ['extra']),
  txn('unsupported output format: before reading stdin', '', {}, ['-w', 'yaml']),
  // The state the scenario left behind.
  { name: 'keys after the scenario', args: ['get', '', '--prefix', '-w', 'json'], oracle: '3.5' },
];

describeReplay('txn differential', steps);
