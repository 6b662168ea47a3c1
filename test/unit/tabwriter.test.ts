import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tabwrite } from '../../src/go/tabwriter';

// Help outputs from docs/etcdctl-behaviour.md §13.7 (TAB shown as ^I). The un-aligned input is the
// same text with every run of TABs collapsed to a single TAB.
const HELP_FIXTURES: Array<[string, string]> = [
  [
    'etcdctl --help',
    `NAME:
  etcdctl - A simple command line client for etcd3.

USAGE:
  etcdctl [flags]

VERSION:
  3.6.14

API VERSION:
  3.6

COMMANDS:
  alarm disarm^I^I^IDisarms all alarms
  alarm list^I^I^ILists all alarms
  auth disable^I^I^IDisables authentication
  auth enable^I^I^IEnables authentication
  auth status^I^I^IReturns authentication status
  check datascale^I^ICheck the memory usage of holding data for different workloads on a given server endpoint.
  check perf^I^I^ICheck the performance of the etcd cluster
  compaction^I^I^ICompacts the event history in etcd
  completion^I^I^IGenerate completion script
  defrag^I^I^IDefragments the storage of the etcd members with given endpoints
  del^I^I^I^IRemoves the specified key or range of keys [key, range_end)
  downgrade cancel^I^ICancel the ongoing downgrade action to cluster
  downgrade enable^I^IStart a downgrade action to cluster
  downgrade validate^I^IValidate downgrade capability before starting downgrade
  elect^I^I^I^IObserves and participates in leader election
  endpoint hashkv^I^IPrints the KV history hash for each endpoint in --endpoints
  endpoint health^I^IChecks the healthiness of endpoints specified in \`--endpoints\` flag
  endpoint status^I^IPrints out the status of endpoints specified in \`--endpoints\` flag
  get^I^I^I^IGets the key or a range of keys
  help^I^I^I^IHelp about any command
  lease grant^I^I^ICreates leases
  lease keep-alive^I^IKeeps leases alive (renew)
  lease list^I^I^IList all active leases
  lease revoke^I^I^IRevokes leases
  lease timetolive^I^IGet lease information
  lock^I^I^I^IAcquires a named lock
  make-mirror^I^I^IMakes a mirror at the destination etcd cluster
  member add^I^I^IAdds a member into the cluster
  member list^I^I^ILists all members in the cluster
  member promote^I^IPromotes a non-voting member in the cluster
  member remove^I^I^IRemoves a member from the cluster
  member update^I^I^IUpdates a member in the cluster
  move-leader^I^I^ITransfers leadership to another etcd cluster member.
  put^I^I^I^IPuts the given key into the store
  role add^I^I^IAdds a new role
  role delete^I^I^IDeletes a role
  role get^I^I^IGets detailed information of a role
  role grant-permission^I^IGrants a key to a role
  role list^I^I^ILists all roles
  role revoke-permission^IRevokes a key from a role
  snapshot save^I^I^IStores an etcd node backend snapshot to a given file
  txn^I^I^I^ITxn processes all the requests in one transaction
  user add^I^I^IAdds a new user
  user delete^I^I^IDeletes a user
  user get^I^I^IGets detailed information of a user
  user grant-role^I^IGrants a role to a user
  user list^I^I^ILists all users
  user passwd^I^I^IChanges password of user
  user revoke-role^I^IRevokes a role from a user
  version^I^I^IPrints the version of etcdctl
  watch^I^I^I^IWatches events stream on keys or prefixes

OPTIONS:
      --cacert=""^I^I^I^Iverify certificates of TLS-enabled secure servers using this CA bundle
      --cert=""^I^I^I^I^Iidentify secure client using this TLS certificate file
      --command-timeout=5s^I^I^Itimeout for short running command (excluding dial timeout)
      --debug[=false]^I^I^I^Ienable client-side debug logging
      --dial-timeout=2s^I^I^I^Idial timeout for client connections
  -d, --discovery-srv=""^I^I^Idomain name to query for SRV records describing cluster endpoints
      --discovery-srv-name=""^I^I^Iservice name to query when using DNS discovery
      --endpoints=[127.0.0.1:2379]^I^IgRPC endpoints
  -h, --help[=false]^I^I^I^Ihelp for etcdctl
      --hex[=false]^I^I^I^Iprint byte strings as hex encoded strings
      --insecure-discovery[=true]^I^Iaccept insecure SRV records describing cluster endpoints
      --insecure-skip-tls-verify[=false]^Iskip server certificate verification (CAUTION: this option should be enabled only for testing purposes)
      --insecure-transport[=true]^I^Idisable transport security for client connections
      --keepalive-time=2s^I^I^Ikeepalive time for client connections
      --keepalive-timeout=6s^I^I^Ikeepalive timeout for client connections
      --key=""^I^I^I^I^Iidentify secure client using this TLS key file
      --max-recv-bytes=0^I^I^Iclient-side response receive limit in bytes (if 0, it defaults to "math.MaxInt32")
      --max-request-bytes=0^I^I^Iclient-side request send limit in bytes (if 0, it defaults to 2.0 MiB (2 * 1024 * 1024).)
      --password=""^I^I^I^Ipassword for authentication (if this option is used, --user option shouldn't include password)
      --user=""^I^I^I^I^Iusername[:password] for authentication (prompt if password is not supplied)
  -w, --write-out="simple"^I^I^Iset the output format (fields, json, protobuf, simple, table)

`,
  ],
  [
    'etcdctl get --help',
    `NAME:
  get - Gets the key or a range of keys

USAGE:
  etcdctl get [options] <key> [range_end] [flags]

OPTIONS:
      --consistency="l"^I^I^ILinearizable(l) or Serializable(s)
      --count-only[=false]^I^IGet only the count
      --from-key[=false]^I^IGet keys that are greater than or equal to the given key using byte compare
  -h, --help[=false]^I^I^Ihelp for get
      --keys-only[=false]^I^IGet only the keys
      --limit=0^I^I^I^IMaximum number of results
      --max-create-rev=0^I^IMaximum create revision
      --max-mod-rev=0^I^I^IMaximum modification revision
      --min-create-rev=0^I^IMinimum create revision
      --min-mod-rev=0^I^I^IMinimum modification revision
      --order=""^I^I^IOrder of results; ASCEND or DESCEND (ASCEND by default)
      --prefix[=false]^I^I^IGet keys with matching prefix
      --print-value-only[=false]^IOnly write values when using the "simple" output format
      --rev=0^I^I^I^ISpecify the kv revision
      --sort-by=""^I^I^ISort target; CREATE, KEY, MODIFY, VALUE, or VERSION

GLOBAL OPTIONS:
      --cacert=""^I^I^I^Iverify certificates of TLS-enabled secure servers using this CA bundle
      --cert=""^I^I^I^I^Iidentify secure client using this TLS certificate file
      --command-timeout=5s^I^I^Itimeout for short running command (excluding dial timeout)
      --debug[=false]^I^I^I^Ienable client-side debug logging
      --dial-timeout=2s^I^I^I^Idial timeout for client connections
  -d, --discovery-srv=""^I^I^Idomain name to query for SRV records describing cluster endpoints
      --discovery-srv-name=""^I^I^Iservice name to query when using DNS discovery
      --endpoints=[127.0.0.1:2379]^I^IgRPC endpoints
      --hex[=false]^I^I^I^Iprint byte strings as hex encoded strings
      --insecure-discovery[=true]^I^Iaccept insecure SRV records describing cluster endpoints
      --insecure-skip-tls-verify[=false]^Iskip server certificate verification (CAUTION: this option should be enabled only for testing purposes)
      --insecure-transport[=true]^I^Idisable transport security for client connections
      --keepalive-time=2s^I^I^Ikeepalive time for client connections
      --keepalive-timeout=6s^I^I^Ikeepalive timeout for client connections
      --key=""^I^I^I^I^Iidentify secure client using this TLS key file
      --max-recv-bytes=0^I^I^Iclient-side response receive limit in bytes (if 0, it defaults to "math.MaxInt32")
      --max-request-bytes=0^I^I^Iclient-side request send limit in bytes (if 0, it defaults to 2.0 MiB (2 * 1024 * 1024).)
      --password=""^I^I^I^Ipassword for authentication (if this option is used, --user option shouldn't include password)
      --user=""^I^I^I^I^Iusername[:password] for authentication (prompt if password is not supplied)
  -w, --write-out="simple"^I^I^Iset the output format (fields, json, protobuf, simple, table)

`,
  ],
  [
    'etcdctl lease --help',
    `NAME:
  lease - Lease related commands

USAGE:
  etcdctl lease <subcommand> [flags]

API VERSION:
  3.6

COMMANDS:
  grant^I^ICreates leases
  keep-alive^IKeeps leases alive (renew)
  list^I^IList all active leases
  revoke^IRevokes leases
  timetolive^IGet lease information

OPTIONS:
  -h, --help[=false]^Ihelp for lease

GLOBAL OPTIONS:
      --cacert=""^I^I^I^Iverify certificates of TLS-enabled secure servers using this CA bundle
      --cert=""^I^I^I^I^Iidentify secure client using this TLS certificate file
      --command-timeout=5s^I^I^Itimeout for short running command (excluding dial timeout)
      --debug[=false]^I^I^I^Ienable client-side debug logging
      --dial-timeout=2s^I^I^I^Idial timeout for client connections
  -d, --discovery-srv=""^I^I^Idomain name to query for SRV records describing cluster endpoints
      --discovery-srv-name=""^I^I^Iservice name to query when using DNS discovery
      --endpoints=[127.0.0.1:2379]^I^IgRPC endpoints
      --hex[=false]^I^I^I^Iprint byte strings as hex encoded strings
      --insecure-discovery[=true]^I^Iaccept insecure SRV records describing cluster endpoints
      --insecure-skip-tls-verify[=false]^Iskip server certificate verification (CAUTION: this option should be enabled only for testing purposes)
      --insecure-transport[=true]^I^Idisable transport security for client connections
      --keepalive-time=2s^I^I^Ikeepalive time for client connections
      --keepalive-timeout=6s^I^I^Ikeepalive timeout for client connections
      --key=""^I^I^I^I^Iidentify secure client using this TLS key file
      --max-recv-bytes=0^I^I^Iclient-side response receive limit in bytes (if 0, it defaults to "math.MaxInt32")
      --max-request-bytes=0^I^I^Iclient-side request send limit in bytes (if 0, it defaults to 2.0 MiB (2 * 1024 * 1024).)
      --password=""^I^I^I^Ipassword for authentication (if this option is used, --user option shouldn't include password)
      --user=""^I^I^I^I^Iusername[:password] for authentication (prompt if password is not supplied)
  -w, --write-out="simple"^I^I^Iset the output format (fields, json, protobuf, simple, table)

`,
  ],
  [
    'etcdctl put --help',
    `NAME:
  put - Puts the given key into the store

USAGE:
  etcdctl put [options] <key> <value> (<value> can also be given from stdin) [flags]

DESCRIPTION:
  Puts the given key into the store.
  
  When <value> begins with '-', <value> is interpreted as a flag.
  Insert '--' for workaround:
  
  $ put <key> -- <value>
  $ put -- <key> <value>
  
  If <value> isn't given as a command line argument and '--ignore-value' is not specified,
  this command tries to read the value from standard input.
  
  If <lease> isn't given as a command line argument and '--ignore-lease' is not specified,
  this command tries to read the value from standard input.
  
  For example,
  $ cat file | put <key>
  will store the content of the file to <key>.

OPTIONS:
  -h, --help[=false]^I^Ihelp for put
      --ignore-lease[=false]^Iupdates the key using its current lease
      --ignore-value[=false]^Iupdates the key using its current value
      --lease="0"^I^Ilease ID (in hexadecimal) to attach to the key
      --prev-kv[=false]^I^Ireturn the previous key-value pair before modification

GLOBAL OPTIONS:
      --cacert=""^I^I^I^Iverify certificates of TLS-enabled secure servers using this CA bundle
      --cert=""^I^I^I^I^Iidentify secure client using this TLS certificate file
      --command-timeout=5s^I^I^Itimeout for short running command (excluding dial timeout)
      --debug[=false]^I^I^I^Ienable client-side debug logging
      --dial-timeout=2s^I^I^I^Idial timeout for client connections
  -d, --discovery-srv=""^I^I^Idomain name to query for SRV records describing cluster endpoints
      --discovery-srv-name=""^I^I^Iservice name to query when using DNS discovery
      --endpoints=[127.0.0.1:2379]^I^IgRPC endpoints
      --hex[=false]^I^I^I^Iprint byte strings as hex encoded strings
      --insecure-discovery[=true]^I^Iaccept insecure SRV records describing cluster endpoints
      --insecure-skip-tls-verify[=false]^Iskip server certificate verification (CAUTION: this option should be enabled only for testing purposes)
      --insecure-transport[=true]^I^Idisable transport security for client connections
      --keepalive-time=2s^I^I^Ikeepalive time for client connections
      --keepalive-timeout=6s^I^I^Ikeepalive timeout for client connections
      --key=""^I^I^I^I^Iidentify secure client using this TLS key file
      --max-recv-bytes=0^I^I^Iclient-side response receive limit in bytes (if 0, it defaults to "math.MaxInt32")
      --max-request-bytes=0^I^I^Iclient-side request send limit in bytes (if 0, it defaults to 2.0 MiB (2 * 1024 * 1024).)
      --password=""^I^I^I^Ipassword for authentication (if this option is used, --user option shouldn't include password)
      --user=""^I^I^I^I^Iusername[:password] for authentication (prompt if password is not supplied)
  -w, --write-out="simple"^I^I^Iset the output format (fields, json, protobuf, simple, table)

`,
  ],
];

function fromCaret(s: string): string {
  return s.replace(/\^I/g, '\t');
}

function unaligned(s: string): string {
  return s.replace(/(\^I)+/g, '\t');
}

for (const [name, block] of HELP_FIXTURES) {
  test(`tabwriter reproduces ${name} from docs/etcdctl-behaviour.md §13.7`, () => {
    assert.equal(tabwrite(unaligned(block)), fromCaret(block));
  });
}

test('tabwriter: docs/etcdctl-behaviour.md §13.4 OPTIONS block widths (3.4 get --help excerpt)', () => {
  const input = [
    'OPTIONS:',
    '      --consistency="l"\tLinearizable(l) or Serializable(s)',
    '      --from-key[=false]\tGet keys that are greater than or equal to the given key using byte compare',
    '  -h, --help[=false]\thelp for get',
    '      --print-value-only[=false]\tOnly write values when using the "simple" output format',
    '',
  ].join('\n');
  const expected = [
    'OPTIONS:',
    '      --consistency="l"\t\t\tLinearizable(l) or Serializable(s)',
    '      --from-key[=false]\t\tGet keys that are greater than or equal to the given key using byte compare',
    '  -h, --help[=false]\t\t\thelp for get',
    '      --print-value-only[=false]\tOnly write values when using the "simple" output format',
    '',
  ].join('\n');
  assert.equal(tabwrite(input), expected);
});

test('tabwriter: NAME/USAGE lines with a leading cell form one-line blocks', () => {
  assert.equal(
    tabwrite('NAME:\n\tget - Gets\n\nUSAGE:\n\tetcdctl get\n'),
    'NAME:\n\tget - Gets\n\nUSAGE:\n\tetcdctl get\n',
  );
});

test('tabwriter: trivial inputs', () => {
  assert.equal(tabwrite(''), '');
  assert.equal(tabwrite('abc'), 'abc');
  assert.equal(tabwrite('abc\n'), 'abc\n');
  assert.equal(tabwrite('a\tb'), 'a\tb');
  assert.equal(tabwrite('\tb'), '\tb');
  // widths are multiples of 8: 7 chars + padding = 8 -> one tab; 8 chars -> 16 -> two tabs
  assert.equal(tabwrite('1234567\tx\n12345678\ty\n'), '1234567\t\tx\n12345678\ty\n');
  assert.equal(tabwrite('1234567\tx\n'), '1234567\tx\n');
});

test('tabwriter: a line without tabs ends the column block', () => {
  assert.equal(tabwrite('a\tb\nlonger text here\nccccccccccc\td\n'), 'a\tb\nlonger text here\nccccccccccc\td\n');
  assert.equal(tabwrite('a\tb\nccccccccccc\td\n'), 'a\t\tb\nccccccccccc\td\n');
});

test('tabwriter: width counts code points, not UTF-16 units or bytes', () => {
  // 9 x U+00FC (2 bytes each) = 9 runes -> width 10 -> 16
  assert.equal(tabwrite('üüüüüüüüü\ta\nb\tc\n'), 'üüüüüüüüü\ta\nb\t\tc\n');
  // U+1F600 is one rune (two UTF-16 units)
  assert.equal(tabwrite('\u{1F600}234567\ta\nb\tc\n'), '\u{1F600}234567\ta\nb\tc\n');
});

test('tabwriter: vertical tab terminates a cell, form feed flushes', () => {
  assert.equal(tabwrite('a\vb\nccccccccc\vd\n'), 'a\t\tb\nccccccccc\td\n');
  assert.equal(tabwrite('a\tb\fccccccccc\td\n'), 'a\tb\nccccccccc\td\n');
});

// Cases generated with the Python reference implementation of docs/etcdctl-behaviour.md §13.3.
const REFERENCE_CASES: Array<[string, string]> = [
  ['abcdefgh\n日本\n日本\tüüüüüüüüü\tabcdefg\ta\n', 'abcdefgh\n日本\n日本\tüüüüüüüüü\tabcdefg\ta\n'],
  ['üüüüüüüüü\t\t日本\tabcdefgh', 'üüüüüüüüü\t\t日本\tabcdefgh'],
  ['\t\t\nüüüüüüüüü', '\t\t\nüüüüüüüüü'],
  [
    'abcdefg\n日本\tabcdefg\txxxxxxxxxxxxxxx\tabcdefg\n日本\tabcdefgh\nüüüüüüüüü\nabc\na\txxxxxxxxxxxxxxx\tüüüüüüüüü\nabcdefgh\tabcdefgh\n',
    'abcdefg\n日本\tabcdefg\txxxxxxxxxxxxxxx\tabcdefg\n日本\tabcdefgh\nüüüüüüüüü\nabc\na\t\txxxxxxxxxxxxxxx\tüüüüüüüüü\nabcdefgh\tabcdefgh\n',
  ],
  [
    '日本\nüüüüüüüüü\tüüüüüüüüü\nxxxxxxxxxxxxxxx\txxxxxxxxxxxxxxx\n日本\nabc\nxxxxxxxxxxxxxxx\t日本\t\t日本\nabcdefgh\n',
    '日本\nüüüüüüüüü\tüüüüüüüüü\nxxxxxxxxxxxxxxx\txxxxxxxxxxxxxxx\n日本\nabc\nxxxxxxxxxxxxxxx\t日本\t\t日本\nabcdefgh\n',
  ],
  [
    'abcdefg\t\nabcdefg\tüüüüüüüüü\nxxxxxxxxxxxxxxx\t日本\tabcdefgh',
    'abcdefg\t\t\nabcdefg\t\tüüüüüüüüü\nxxxxxxxxxxxxxxx\t日本\tabcdefgh',
  ],
  [
    'abcdefg\tüüüüüüüüü\n日本\nabcdefg\tüüüüüüüüü\t日本\nüüüüüüüüü\txxxxxxxxxxxxxxx\t\n日本\t\tabcdefg\nabc\ta\n\ta\ta',
    'abcdefg\tüüüüüüüüü\n日本\nabcdefg\t\tüüüüüüüüü\t日本\nüüüüüüüüü\txxxxxxxxxxxxxxx\t\n日本\t\t\t\tabcdefg\nabc\t\ta\n\t\ta\ta',
  ],
  [
    'abcdefgh\nabcdefgh\ta\nxxxxxxxxxxxxxxx\tabcdefgh\nabc\nabcdefgh\tabc\nabcdefgh\t日本\txxxxxxxxxxxxxxx\n日本\ta\t\tabcdefgh\nxxxxxxxxxxxxxxx\tüüüüüüüüü\tabcdefg\tabcdefgh',
    'abcdefgh\nabcdefgh\ta\nxxxxxxxxxxxxxxx\tabcdefgh\nabc\nabcdefgh\tabc\nabcdefgh\t日本\t\txxxxxxxxxxxxxxx\n日本\t\ta\t\t\tabcdefgh\nxxxxxxxxxxxxxxx\tüüüüüüüüü\tabcdefg\tabcdefgh',
  ],
  [
    'üüüüüüüüü\t\n\tüüüüüüüüü\n\tabc\nüüüüüüüüü\tabcdefg\t日本\tabcdefg\nüüüüüüüüü\n',
    'üüüüüüüüü\t\n\t\tüüüüüüüüü\n\t\tabc\nüüüüüüüüü\tabcdefg\t日本\tabcdefg\nüüüüüüüüü\n',
  ],
  [
    'abcdefgh\nabcdefg\t\na\ta\tabcdefgh\nabc\tüüüüüüüüü\tabcdefgh\n\t\n日本\tabc\nüüüüüüüüü',
    'abcdefgh\nabcdefg\t\na\ta\t\tabcdefgh\nabc\tüüüüüüüüü\tabcdefgh\n\t\n日本\tabc\nüüüüüüüüü',
  ],
  [
    'abcdefg\nabcdefg\t日本\ta\tüüüüüüüüü\n日本\t\txxxxxxxxxxxxxxx\nabcdefgh\t\tabc\tabcdefg\nabc\txxxxxxxxxxxxxxx\tüüüüüüüüü\nabcdefgh\ta\n',
    'abcdefg\nabcdefg\t\t日本\t\ta\tüüüüüüüüü\n日本\t\t\t\txxxxxxxxxxxxxxx\nabcdefgh\t\t\tabc\tabcdefg\nabc\t\txxxxxxxxxxxxxxx\tüüüüüüüüü\nabcdefgh\ta\n',
  ],
  [
    'abcdefg\ta\t\ta\nabc\tabc\nabcdefgh\txxxxxxxxxxxxxxx\nxxxxxxxxxxxxxxx\txxxxxxxxxxxxxxx\txxxxxxxxxxxxxxx\nabcdefgh\n日本\tabc',
    'abcdefg\t\ta\t\ta\nabc\t\tabc\nabcdefgh\txxxxxxxxxxxxxxx\nxxxxxxxxxxxxxxx\txxxxxxxxxxxxxxx\txxxxxxxxxxxxxxx\nabcdefgh\n日本\tabc',
  ],
  [
    'üüüüüüüüü\nüüüüüüüüü\nabc\txxxxxxxxxxxxxxx\nüüüüüüüüü\nabcdefg\nabcdefgh\n',
    'üüüüüüüüü\nüüüüüüüüü\nabc\txxxxxxxxxxxxxxx\nüüüüüüüüü\nabcdefg\nabcdefgh\n',
  ],
  ['日本\na\t\tabcdefgh\n\nüüüüüüüüü\n', '日本\na\t\tabcdefgh\n\nüüüüüüüüü\n'],
];

test('tabwriter matches the docs/etcdctl-behaviour.md §13.3 Python reference on nested columns', () => {
  for (const [input, expected] of REFERENCE_CASES) {
    assert.equal(tabwrite(input), expected, JSON.stringify(input));
  }
});
