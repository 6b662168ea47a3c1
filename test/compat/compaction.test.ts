// Differential tests for compaction (docs/etcdctl-behaviour.md §6.5): the real etcdctl 3.4.23 and
// ours replay the same scenario on twin clusters (same revisions); stdout,
// stderr and exit status of every step must match byte for byte. compaction's
// texts and codes are the same in 3.4 and 3.6.
import { cobraOnce, describeReplay, type Step } from '../support/diff';

const steps: Step[] = [
  { args: ['put', 'k', 'v1'], setup: true },
  { args: ['put', 'k', 'v2'], setup: true },
  { args: ['put', 'k', 'v3'], setup: true },
  { args: ['put', 'k', 'v4'], setup: true },
  { args: ['put', 'k', 'v5'], setup: true },
  { args: ['compaction'] },
  { args: ['compaction', '3', '4'] },
  { name: 'revision not base 10: plain error, exit 1', args: ['compaction', 'abc'] },
  { name: 'hex is not accepted (strict base 10)', args: ['compaction', '0x3'] },
  { name: 'out of range', args: ['compaction', '99999999999999999999'] },
  { args: ['compaction', '--', '-1'] },
  { args: ['compaction', '3'] },
  { name: 'already compacted', args: ['compaction', '3'] },
  { name: 'older than the compacted revision', args: ['compaction', '2'] },
  { name: 'future revision', args: ['compaction', '1000'] },
  { name: '--physical, -w ignored', args: ['compaction', '--physical', '4', '-w', 'json'] },
  { name: '-w protobuf ignored too', args: ['compaction', '-w', 'protobuf', '5'] },
  { name: 'reading a compacted revision', args: ['get', 'k', '--rev=3'] },
  { name: 'unknown flag: usage', args: ['compaction', '--foo', '5'], expect: cobraOnce, usageOf: ['compaction'] },
  {
    name: 'bad --physical value: usage',
    args: ['compaction', '--physical=maybe', '5'],
    expect: cobraOnce,
    usageOf: ['compaction'],
  },
  { name: 'unsupported -w: after the argument check', args: ['compaction', '6', '-w', 'yaml'] },
  {
    name: 'ETCDCTL_COMMAND_TIMEOUT applies to compaction (built after the client)',
    args: ['compaction', '6'],
    env: { ETCDCTL_COMMAND_TIMEOUT: '0s' },
  },
  {
    name: 'ETCDCTL_WRITE_OUT does not change the output',
    args: ['compaction', '6'],
    env: { ETCDCTL_WRITE_OUT: 'fields' },
  },
  {
    name: 'unreachable endpoint: command timeout',
    args: ['--endpoints=127.0.0.1:1', '--command-timeout=500ms', 'compaction', '6'],
    noEndpoints: true,
  },
];

describeReplay('compaction differential', steps);
