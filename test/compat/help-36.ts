// The etcdctl 3.6 facts the help differential test (help.test.ts) needs where the
// 3.5.30 oracle cannot give them: the Use/Short table of docs/etcdctl-behaviour.md §2.4 (authoritative for
// 3.6) and the documented flag changes between 3.5.30 and 3.6 (docs/etcdctl-behaviour.md §11.2, §11.3),
// each with its source.
import type { FlagType } from '../../src/cli/flags';
import type { HelpFlag } from '../support/help-sections';

/** Spec docs/etcdctl-behaviour.md §2.4: path → [Use, Short] of every 3.6 command (root excluded). */
export const SPEC_USE_SHORT: Record<string, [use: string, short: string]> = {
  alarm: ['alarm <subcommand>', 'Alarm related commands'],
  'alarm disarm': ['disarm', 'Disarms all alarms'],
  'alarm list': ['list', 'Lists all alarms'],
  auth: ['auth <enable or disable>', 'Enable or disable authentication'],
  'auth disable': ['disable', 'Disables authentication'],
  'auth enable': ['enable', 'Enables authentication'],
  'auth status': ['status', 'Returns authentication status'],
  check: ['check <subcommand>', 'commands for checking properties of the etcd cluster'],
  'check datascale': [
    'datascale [options]',
    'Check the memory usage of holding data for different workloads on a given server endpoint.',
  ],
  'check perf': ['perf [options]', 'Check the performance of the etcd cluster'],
  compaction: ['compaction [options] <revision>', 'Compacts the event history in etcd'],
  completion: ['completion [bash|zsh|fish|powershell]', 'Generate completion script'],
  defrag: ['defrag', 'Defragments the storage of the etcd members with given endpoints'],
  del: ['del [options] <key> [range_end]', 'Removes the specified key or range of keys [key, range_end)'],
  downgrade: ['downgrade <TARGET_VERSION>', 'Downgrade related commands'],
  'downgrade cancel': ['cancel', 'Cancel the ongoing downgrade action to cluster'],
  'downgrade enable': ['enable <TARGET_VERSION>', 'Start a downgrade action to cluster'],
  'downgrade validate': ['validate <TARGET_VERSION>', 'Validate downgrade capability before starting downgrade'],
  elect: ['elect <election-name> [proposal]', 'Observes and participates in leader election'],
  endpoint: ['endpoint <subcommand>', 'Endpoint related commands'],
  'endpoint hashkv': ['hashkv', 'Prints the KV history hash for each endpoint in --endpoints'],
  'endpoint health': ['health', 'Checks the healthiness of endpoints specified in `--endpoints` flag'],
  'endpoint status': ['status', 'Prints out the status of endpoints specified in `--endpoints` flag'],
  get: ['get [options] <key> [range_end]', 'Gets the key or a range of keys'],
  help: ['help [command]', 'Help about any command'],
  lease: ['lease <subcommand>', 'Lease related commands'],
  'lease grant': ['grant <ttl>', 'Creates leases'],
  'lease keep-alive': ['keep-alive [options] <leaseID>', 'Keeps leases alive (renew)'],
  'lease list': ['list', 'List all active leases'],
  'lease revoke': ['revoke <leaseID>', 'Revokes leases'],
  'lease timetolive': ['timetolive <leaseID> [options]', 'Get lease information'],
  lock: ['lock <lockname> [exec-command arg1 arg2 ...]', 'Acquires a named lock'],
  'make-mirror': ['make-mirror [options] <destination>', 'Makes a mirror at the destination etcd cluster'],
  member: ['member <subcommand>', 'Membership related commands'],
  'member add': ['add <memberName> [options]', 'Adds a member into the cluster'],
  'member list': ['list', 'Lists all members in the cluster'],
  'member promote': ['promote <memberID>', 'Promotes a non-voting member in the cluster'],
  'member remove': ['remove <memberID>', 'Removes a member from the cluster'],
  'member update': ['update <memberID> [options]', 'Updates a member in the cluster'],
  'move-leader': ['move-leader <transferee-member-id>', 'Transfers leadership to another etcd cluster member.'],
  put: ['put [options] <key> <value> (<value> can also be given from stdin)', 'Puts the given key into the store'],
  role: ['role <subcommand>', 'Role related commands'],
  'role add': ['add <role name>', 'Adds a new role'],
  'role delete': ['delete <role name>', 'Deletes a role'],
  'role get': ['get <role name>', 'Gets detailed information of a role'],
  'role grant-permission': [
    'grant-permission [options] <role name> <permission type> <key> [endkey]',
    'Grants a key to a role',
  ],
  'role list': ['list', 'Lists all roles'],
  'role revoke-permission': ['revoke-permission <role name> <key> [endkey]', 'Revokes a key from a role'],
  snapshot: ['snapshot <subcommand>', 'Manages etcd node snapshots'],
  'snapshot save': ['save <filename>', 'Stores an etcd node backend snapshot to a given file'],
  txn: ['txn [options]', 'Txn processes all the requests in one transaction'],
  user: ['user <subcommand>', 'User related commands'],
  'user add': ['add <user name or user:password> [options]', 'Adds a new user'],
  'user delete': ['delete <user name>', 'Deletes a user'],
  'user get': ['get <user name> [options]', 'Gets detailed information of a user'],
  'user grant-role': ['grant-role <user name> <role name>', 'Grants a role to a user'],
  'user list': ['list', 'Lists all users'],
  'user passwd': ['passwd <user name> [options]', 'Changes password of user'],
  'user revoke-role': ['revoke-role <user name> <role name>', 'Revokes a role from a user'],
  version: ['version', 'Prints the version of etcdctl'],
  watch: [
    'watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]',
    'Watches events stream on keys or prefixes',
  ],
};

/** Commands without an action of their own (docs/etcdctl-behaviour.md §1.2: listed only through their children). */
export const SPEC_GROUPS = new Set([
  'alarm',
  'auth',
  'check',
  'downgrade',
  'endpoint',
  'lease',
  'member',
  'role',
  'snapshot',
  'user',
]);

/**
 * Paths whose Use/Short in 3.5.30 differ from docs/etcdctl-behaviour.md §2.4: the Debian 3.5.30 build has cobra's
 * generated `completion` group ("Generate the autocompletion script for the specified
 * shell", docs/etcdctl-behaviour.md §11.0, §11.2); 3.6 has its own single `completion` command.
 */
export const ORACLE_USE_SHORT_DIFFERS = new Set(['completion']);

/**
 * The type of every integer/duration flag of 3.6, from the flag definitions (docs/etcdctl-behaviour.md §3.1,
 * docs/etcdctl-behaviour.md §6.2, §6.6, §8.4, §10.2, §10.4): int vs int64 is not observable (both ParseInt with
 * 64 bits), uint is (ParseUint). Plus the flags 3.5.30 does not have (their type can
 * only come from the spec). Key: `<path> --<name>` (root flags: `--<name>`).
 */
export const SPEC_FLAG_TYPES: Record<string, FlagType> = {
  '--dial-timeout': 'duration',
  '--command-timeout': 'duration',
  '--keepalive-time': 'duration',
  '--keepalive-timeout': 'duration',
  '--max-request-bytes': 'int',
  '--max-recv-bytes': 'int',
  'get --limit': 'int64',
  'get --rev': 'int64',
  'get --min-create-rev': 'int64',
  'get --max-create-rev': 'int64',
  'get --min-mod-rev': 'int64',
  'get --max-mod-rev': 'int64',
  'watch --rev': 'int64',
  'endpoint hashkv --rev': 'int64',
  'lock --ttl': 'int',
  'make-mirror --rev': 'int64',
  'make-mirror --max-txn-ops': 'uint',
  'member list --consistency': 'string',
  // ours (deliberate additions, README): no etcdctl has them
  'lock --try': 'bool',
  'lock --timeout': 'duration',
};

/** Flags that 3.5.30 does not know (`unknown flag` there), so no oracle for their errors. */
export const NOT_IN_35 = new Set([
  '--max-request-bytes',
  '--max-recv-bytes',
  'get --min-create-rev',
  'get --max-create-rev',
  'get --min-mod-rev',
  'get --max-mod-rev',
  'make-mirror --rev',
  'make-mirror --max-txn-ops',
  'member list --consistency',
  'lock --try',
  'lock --timeout',
]);

const flag = (name: string, value: string, usage: string): HelpFlag => ({ short: '', name, value, usage });

/** The OPTIONS of `path` in 3.6, from 3.5.30's. */
export function editOptions(path: string, options: HelpFlag[]): HelpFlag[] {
  const replaceUsage = (name: string, usage: string): HelpFlag[] => {
    if (!options.some((f) => f.name === name)) throw new Error(`${path}: no --${name} in the oracle's help`);
    return options.map((f) => (f.name === name ? { ...f, usage } : f));
  };
  switch (path) {
    case 'get':
      // docs/etcdctl-behaviour.md §11.3: the revision filters are 3.6 (no 3.5.x has them); usage texts docs/etcdctl-behaviour.md §6.2/§13.2
      return [
        ...options,
        flag('min-create-rev', '=0', 'Minimum create revision'),
        flag('max-create-rev', '=0', 'Maximum create revision'),
        flag('min-mod-rev', '=0', 'Minimum modification revision'),
        flag('max-mod-rev', '=0', 'Maximum modification revision'),
      ];
    case 'member list':
      // docs/etcdctl-behaviour.md §11.3 / docs/etcdctl-behaviour.md §8.3: --consistency is 3.6
      return [...options, flag('consistency', '="l"', 'Linearizable(l) or Serializable(s)')];
    case 'make-mirror':
      // docs/etcdctl-behaviour.md §11.3 / docs/etcdctl-behaviour.md §10.4: --rev and --max-txn-ops are 3.6 (--dest-user and --dest-password,
      // also listed as 3.6 there, are already in the 3.5.30 build, with the docs/etcdctl-behaviour.md §10.4 texts)
      return [
        ...options,
        flag('rev', '=0', 'Specify the kv revision to start to mirror'),
        flag('max-txn-ops', '=128', 'Maximum number of operations permitted in a transaction during syncing updates.'),
      ];
    case 'endpoint hashkv':
      // docs/etcdctl-behaviour.md §11.3 / docs/etcdctl-behaviour.md §8.4
      return replaceUsage('rev', 'maximum revision to hash (default: latest revision)');
    case 'check perf':
      // docs/etcdctl-behaviour.md §11.3 / docs/etcdctl-behaviour.md §10.8
      return replaceUsage(
        'load',
        "The performance check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge). " +
          'Different workload models use different configurations in terms of number of clients and expected throughput.',
      );
    case 'defrag':
      // docs/etcdctl-behaviour.md §11.2 / docs/etcdctl-behaviour.md §8.6: --data-dir moved to etcdutl (3.5.30 still lists it)
      if (!options.some((f) => f.name === 'data-dir')) throw new Error('defrag: no --data-dir in the oracle');
      return options.filter((f) => f.name !== 'data-dir');
    default:
      // already as in 3.6 in 3.5.30: `del --range` (3.5.21+), `lease keep-alive --once`
      // ("cobrautl.Exits", §7.5), `watch --progress-notify`, `get --count-only` (docs/etcdctl-behaviour.md §11.3)
      return options;
  }
}
