// Differential tests for put, get, del, version and the global flags: each
// scenario runs on the real etcdctl (3.4.23, or 3.5.30 where marked) and on ours,
// against twin clusters, and every step must match byte for byte. Where 3.6
// differs from the oracle, the step states the 3.6 expectation (docs/etcdctl-behaviour.md §11).
import { describeReplay, cobraOnce, type Step, type Expected } from '../support/diff';

/** A pflag/cobra usage error: stderr once (3.6), stdout = the command's help. */
function usage(...path: string[]): Pick<Step, 'expect' | 'usageOf'> {
  return { expect: cobraOnce, usageOf: path };
}

const ERR = (msg: string, code: number) => (): Expected => ({ out: Buffer.alloc(0), err: `Error: ${msg}\n`, code });

/** fields output of 3.6 with --hex: ClusterID/MemberID in hex, Lease %016x (docs/etcdctl-behaviour.md §11.4 #8). */
function fieldsHex(e: Expected): Expected {
  const text = e.out
    .toString('latin1')
    .replace(/^"(ClusterID|MemberID)" : (\d+)$/gm, (_, k: string, v: string) => `"${k}" : ${BigInt(v).toString(16)}`)
    .replace(
      /^"(Prev)?Lease" : (\d+)$/gm,
      (_, p: string | undefined, v: string) => `"${p ?? ''}Lease" : ${BigInt(v).toString(16).padStart(16, '0')}`,
    );
  return { ...e, out: Buffer.from(text, 'latin1') };
}

const seed: Step[] = [
  { args: ['put', 'foo', 'bar'] },
  { args: ['put', 'foo', 'bar2'] },
  { args: ['put', 'p/a', '1'] },
  { args: ['put', 'p/b', '2'] },
  { args: ['put', 'p/c', '3'] },
  { args: ['put', 'k1', '--', '-v'] },
  { name: 'put bin (value from stdin, binary)', args: ['put', 'bin'], input: Buffer.from([0xff, 0x01, 0x0a, 0x22]) },
  { args: ['put', 'a<b>&c', 'x"y\\z'] },
  { args: ['put', 'ünï', 'çødé'] },
];

const reads: Step[] = [
  { args: ['get', 'foo'] },
  { args: ['get', 'foo', '-w', 'json'] },
  { args: ['get', 'foo', '-w', 'fields'] },
  { args: ['get', 'foo', '-w', 'protobuf'] },
  { args: ['--hex', 'get', 'foo'] },
  { args: ['get', 'foo', '-w', 'table'] },
  { args: ['get', 'p/', '--prefix'] },
  { args: ['get', 'p/', '--prefix', '--keys-only'] },
  { args: ['get', 'p/', '--prefix', '--keys-only', '-w', 'json'] },
  { args: ['get', 'p/', '--prefix', '--limit=2', '-w', 'fields'] },
  { args: ['get', 'p/', '--prefix', '--limit', '2', '-w', 'json'] },
  { args: ['get', 'p/', '--prefix', '--limit=0x1'] },
  { args: ['get', 'p/a', 'p/c'] },
  { args: ['get', 'p/b', '--from-key'] },
  { args: ['get', 'p/', '--prefix', '--order=DESCEND'] },
  { args: ['get', 'p/', '--prefix', '--order=descend', '--sort-by=value'] },
  { args: ['get', 'p/', '--prefix', '--sort-by=MODIFY', '--order=DESCEND', '-w', 'json'] },
  { args: ['get', '', '--prefix', '--keys-only'] },
  { args: ['get', '', '--from-key', '-w', 'json'] },
  { args: ['get', 'foo', '--rev=2'] },
  { args: ['get', 'foo', '--rev=100'] },
  { args: ['get', 'foo', '--rev=-3'] },
  { args: ['get', ''] },
  { args: ['get', 'nonexist', '-w', 'json'] },
  { args: ['get', 'nonexist/', '--prefix', '-w', 'json'] },
  { args: ['get', 'p/', '--prefix', '--rev=2', '-w', 'json'] },
  { args: ['get', 'nonexist'] },
  { args: ['get', 'foo', '--print-value-only'] },
  { args: ['get', 'p/', '--prefix', '--print-value-only', '-w', 'json'] },
  { args: ['get', 'foo', '--consistency=s', '-w', 'json'] },
  { args: ['get', 'foo', '--consistency=x'] },
  { args: ['get', 'foo', '--order=up'] },
  { args: ['get', 'foo', '--sort-by=size'] },
  { args: ['get'] },
  { args: ['get', 'foo', '--prefix', '--from-key'] },
  { args: ['get', 'a', 'b', '--prefix'] },
  { args: ['get', 'bin'] },
  { args: ['get', 'bin', '-w', 'json'] },
  { args: ['get', 'bin', '-w', 'fields'] },
  { args: ['--hex', 'get', 'bin'] },
  { args: ['get', 'a<b>&c', '-w', 'json'] },
  { args: ['get', 'a<b>&c', '-w', 'fields'] },
  { args: ['get', 'ünï', '-w', 'fields'] },
  { args: ['get', 'ünï', '-w', 'json'] },
  { args: ['get', 'k1'] },
  { args: ['g', 'foo'], name: 'command prefix: g foo' },
  { args: ['get', 'foo', '--limit=x'], ...usage('get') },
  { args: ['get', '--foo'], ...usage('get') },
  { args: ['get', 'foo', '-w'], ...usage('get') },
  { args: ['get', '-c'], ...usage('get') },
  { args: ['--dial-timeout=5', 'get', 'foo'], ...usage('get') },
  { args: ['-w', 'yaml', 'get', 'foo'] },
  { args: ['get', 'foo', '--prefix=maybe'], ...usage('get') },
  { name: 'fields --hex prints IDs in hex (3.6)', args: ['--hex', 'get', 'foo', '-w', 'fields'], expect: fieldsHex },
  {
    name: 'get --count-only -w fields (3.5 oracle)',
    args: ['get', 'p/', '--prefix', '--count-only', '-w', 'fields'],
    oracle: '3.5',
  },
  {
    name: 'get --count-only needs fields (3.5 oracle)',
    args: ['get', 'p/', '--prefix', '--count-only'],
    oracle: '3.5',
  },
  {
    name: 'get --count-only --keys-only (3.5 oracle)',
    args: ['get', 'p/', '--prefix', '--count-only', '--keys-only'],
    oracle: '3.5',
  },
  {
    name: 'get --min-create-rev/--max-create-rev (3.6 only): same as the single key',
    args: ['get', 'p/', '--prefix', '--min-create-rev=5', '--max-create-rev=5'],
    realArgs: ['get', 'p/b'],
  },
  {
    name: 'get --min-mod-rev (3.6 only)',
    args: ['get', 'p/', '--prefix', '--min-mod-rev=6', '--keys-only'],
    realArgs: ['get', 'p/c', '--keys-only'],
  },
  {
    name: 'get min > max create rev (3.6 only)',
    args: ['get', 'p/', '--prefix', '--min-create-rev=5', '--max-create-rev=4'],
    realArgs: ['get'],
    expect: ERR('getMinCreateRev(=5) > getMaxCreateRev(=4)', 4),
  },
  { name: 'ETCDCTL_WRITE_OUT applies', args: ['get', 'foo'], env: { ETCDCTL_WRITE_OUT: 'json' } },
  { name: 'ETCDCTL_HEX applies', args: ['get', 'foo'], env: { ETCDCTL_HEX: 'true' } },
  { name: 'ETCDCTL_ENDPOINTS applies', args: ['get', 'foo'], noEndpoints: true, env: { ETCDCTL_ENDPOINTS: '{EP}' } },
  { name: 'ETCDCTL_COMMAND_TIMEOUT is ignored by get', args: ['get', 'foo'], env: { ETCDCTL_COMMAND_TIMEOUT: 'abc' } },
  { name: 'bad ETCDCTL_DIAL_TIMEOUT is silently zero', args: ['get', 'foo'], env: { ETCDCTL_DIAL_TIMEOUT: 'abc' } },
  {
    name: 'empty ETCDCTL_WRITE_OUT is ignored (the oracle also logs it as unrecognized: log noise we do not print)',
    args: ['get', 'foo'],
    env: { ETCDCTL_WRITE_OUT: '' },
    expect: (e) => ({
      ...e,
      err: e.err.replace(/^.* W \| pkg\/flags: unrecognized environment variable ETCDCTL_WRITE_OUT=\n/m, ''),
    }),
  },
  { name: 'ETCDCTL_WRITE_OUT=yaml', args: ['get', 'foo'], env: { ETCDCTL_WRITE_OUT: 'yaml' } },
  {
    name: 'env and flag conflict: one Error line, exit 1 (3.6 prints a zap fatal record; we print this line)',
    args: ['--endpoints={EP}', 'get', 'foo'],
    noEndpoints: true,
    env: { ETCDCTL_ENDPOINTS: '{EP}' },
    expect: ERR(
      'conflicting environment variable "ETCDCTL_ENDPOINTS" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)',
      1,
    ),
  },
  { name: 'dead first endpoint is skipped', args: ['--endpoints=127.0.0.1:1,{EP}', 'get', 'foo'], noEndpoints: true },
  {
    name: 'unreachable endpoint: context deadline exceeded',
    args: ['--endpoints=127.0.0.1:1', '--command-timeout=1s', 'get', 'foo'],
    noEndpoints: true,
  },
  { name: 'command timeout 0: already expired', args: ['--command-timeout=0s', 'get', 'foo'] },
  { name: 'empty endpoint list', args: ['--endpoints=', 'get', 'foo'], noEndpoints: true },
  {
    name: 'version (3.6.14)',
    args: ['version'],
    expect: (e) => ({ ...e, out: Buffer.from('etcdctl version: 3.6.14\nAPI version: 3.6\n') }),
  },
  {
    name: 'version ignores -w and extra args',
    args: ['version', 'x', '-w', 'yaml'],
    expect: (e) => ({ ...e, out: Buffer.from('etcdctl version: 3.6.14\nAPI version: 3.6\n') }),
  },
  { args: ['e'], expect: cobraOnce },
  { args: ['foo', 'bar'], expect: cobraOnce },
];

const writes: Step[] = [
  { args: ['put', 'k', 'v'] },
  { args: ['put', 'k', 'v2', '--prev-kv'] },
  { args: ['put', '-w', 'json', 'k', 'v3', '--prev-kv'] },
  { args: ['put', '-w', 'fields', 'k', 'v4', '--prev-kv'] },
  { args: ['put', '-w', 'protobuf', 'k', 'v5', '--prev-kv'] },
  { args: ['put', '-w', 'json', 'new1', 'v'] },
  { args: ['put', '-w', 'table', 'new2', 'v'] },
  { name: 'put value from stdin keeps the newline', args: ['put', 'k2'], input: 'from-stdin\n' },
  { args: ['get', 'k2', '-w', 'json'] },
  { name: 'put with empty stdin', args: ['put', 'k3'], input: '' },
  { args: ['put'] },
  { args: ['put', 'k', 'v', 'extra'] },
  { args: ['put', 'k', 'v', '--ignore-value'] },
  { args: ['put', 'k', '--ignore-value', '--prev-kv'] },
  { args: ['put', 'missing', '--ignore-value'] },
  { args: ['put', 'k', 'v', '--ignore-lease'] },
  { args: ['put', 'k', 'v', '--lease=zz'] },
  { args: ['put', 'k', 'v', '--lease=0x1'] },
  { args: ['put', 'k', 'v', '--lease=7fffffffffffffffff'] },
  { args: ['put', 'k', 'v', '--lease=123'] },
  { args: ['put', 'k', '-v'], ...usage('put') },
  { args: ['put', 'k', '--', '-v'] },
  { args: ['put', '--', '-k', 'v'] },
  { args: ['put', '', 'v'] },
  { args: ['put', '--prev-kv', 'k', 'v6', '--hex'] },
  { args: ['get', 'k', '--rev=2', '-w', 'fields'] },
  { args: ['put', 'p/a', '1'], setup: true },
  { args: ['put', 'p/b', '2'], setup: true },
  { args: ['put', 'p/c', '3'], setup: true },
  { args: ['put', 'q/a', '1'], setup: true },
  { args: ['put', 'q/b', '2'], setup: true },
  { args: ['del', 'nonexist'] },
  { args: ['del', 'nonexist', '-w', 'fields'] },
  { args: ['del', 'p/a', '--prev-kv'] },
  { args: ['del', 'p/', '--prefix', '-w', 'json', '--prev-kv'] },
  { args: ['del', 'q/', '--prefix', '-w', 'protobuf'] },
  { args: ['del'] },
  { args: ['del', 'a', 'b', 'c'] },
  { args: ['del', 'a', '--prefix', '--from-key'] },
  { args: ['del', 'a', 'b', '--prefix'] },
  { args: ['del', 'k', '-w', 'table'] },
  { args: ['del', 'k', '--foo'], ...usage('del') },
  { args: ['put', 'r/a', '1'], setup: true },
  { args: ['put', 'r/b', '2'], setup: true },
  {
    name: 'del with a range end: 3.6 warns and waits 2 s',
    args: ['del', 'r/a', 'r/c', '--prev-kv'],
    expect: (e) => ({
      ...e,
      err: 'Warning: Keys between "r/a" and "r/c" will be deleted. Please interrupt the command within next 2 seconds to cancel. You can provide `--range` flag to avoid the delay.\n',
    }),
  },
  { args: ['put', 'r/a', '1'], setup: true },
  {
    name: 'del --range: no warning (oracle: del without --range on 3.4)',
    args: ['del', 'r/a', 'r/c', '--range', '-w', 'fields'],
    realArgs: ['del', 'r/a', 'r/c', '-w', 'fields'],
  },
  { args: ['put', 's/a', '1'], setup: true },
  { args: ['del', 's/', '--from-key'] },
  { args: ['del', '', '--prefix', '--prev-kv', '-w', 'json'] },
  { args: ['get', '', '--prefix', '-w', 'json'] },
];

for (const [title, steps] of [
  ['reads', [...seed, ...reads]],
  ['writes', writes],
] as const) {
  describeReplay(`kv differential: ${title}`, [...steps]);
}
