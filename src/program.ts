/**
 * The root command and its children, in etcdctl's registration order (which
 * is the order of unknown-command suggestions; listings sort by name).
 */
import { defineCommand, type EtcdCommand, type HelpGroup } from './cli/command';
import { GLOBAL_FLAG_DECLS } from './cli/globals';
import { delCommand, getCommand, putCommand } from './commands/kv';
import { txnCommand } from './commands/txn';
import { compactionCommand } from './commands/compaction';
import { alarmCommand } from './commands/alarm';
import { defragCommand } from './commands/defrag';
import { endpointCommand } from './commands/endpoint';
import { moveLeaderCommand } from './commands/move-leader';
import { watchCommand } from './commands/watch';
import { versionCommand } from './commands/version';
import { leaseCommand } from './commands/lease';
import { memberCommand } from './commands/member';
import { snapshotCommand } from './commands/snapshot';
import { makeMirrorCommand } from './commands/mirror';
import { lockCommand } from './commands/lock';
import { electCommand } from './commands/elect';
import { authCommand } from './commands/auth';
import { userCommand } from './commands/user';
import { roleCommand } from './commands/role';
import { checkCommand } from './commands/check';
import { completionCommand } from './commands/completion';
import { downgradeCommand } from './commands/downgrade';
import { helpCommand } from './commands/help';
import { lsCommand, treeCommand } from './commands/ls';
import { batchCommand } from './commands/batch';
import { configCommand } from './commands/config';
import { optionsCommand } from './commands/options';
import { DEFAULT_COMPAT, type Compat } from './compat';

/** The groups of etcdctl 3.7's root help (docs/etcdctl-3.7-behaviour.md §1.1), in listing order. */
const HELP_GROUPS: HelpGroup[] = [
  { title: 'Key-value commands', commands: ['compaction', 'del', 'get', 'lease', 'put', 'txn', 'watch'] },
  {
    title: 'Cluster maintenance commands',
    commands: ['alarm', 'defrag', 'downgrade', 'endpoint', 'member', 'move-leader', 'snapshot'],
  },
  { title: 'Concurrency commands', commands: ['elect', 'lock'] },
  { title: 'Authentication commands', commands: ['auth', 'role', 'user'] },
  { title: 'Utility commands', commands: ['check', 'completion', 'help', 'make-mirror', 'options', 'version'] },
];

/** The tree of the etcdctl line `compat` (3.7 by default; 3.6 on request, src/compat.ts). */
export function buildProgram(compat: Compat = DEFAULT_COMPAT): EtcdCommand {
  return defineCommand({
    use: 'etcdctl',
    compat,
    short: 'A simple command line client for etcd3.',
    flags: GLOBAL_FLAG_DECLS,
    groups: HELP_GROUPS,
    subcommands: [
      getCommand(),
      putCommand(),
      delCommand(),
      txnCommand(),
      compactionCommand(),
      alarmCommand(),
      defragCommand(),
      endpointCommand(),
      moveLeaderCommand(),
      watchCommand(),
      versionCommand(),
      leaseCommand(),
      memberCommand(),
      snapshotCommand(),
      makeMirrorCommand(),
      lockCommand(),
      electCommand(),
      authCommand(),
      userCommand(),
      roleCommand(),
      checkCommand(),
      completionCommand(),
      downgradeCommand(),
      optionsCommand(),
      helpCommand(),
      // extensions (not etcdctl commands): see CommandDef.extension
      batchCommand(),
      lsCommand(),
      treeCommand(),
      configCommand(),
    ],
  });
}
