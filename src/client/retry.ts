/**
 * Which unary RPCs may be repeated, and on which errors (docs/etcdctl-behaviour.md §9.2): the table
 * etcd's own Go client uses. Never a blanket retry: a write is repeated only
 * when it provably never reached a server.
 */
import { GrpcCode } from './grpc-codes';
import { EtcdErr, KNOWN_ETCD_ERRORS } from './etcd-errors';

const REPEATABLE = new Set([
  '/etcdserverpb.KV/Range',
  '/etcdserverpb.Lease/LeaseGrant',
  '/etcdserverpb.Lease/LeaseRevoke',
  '/etcdserverpb.Lease/LeaseTimeToLive',
  '/etcdserverpb.Lease/LeaseLeases',
  '/etcdserverpb.Cluster/MemberList',
  '/etcdserverpb.Maintenance/Alarm',
  '/etcdserverpb.Maintenance/Status',
  '/etcdserverpb.Maintenance/Hash',
  '/etcdserverpb.Maintenance/HashKV',
  '/etcdserverpb.Maintenance/MoveLeader',
  '/etcdserverpb.Auth/UserGet',
  '/etcdserverpb.Auth/UserList',
  '/etcdserverpb.Auth/RoleGet',
  '/etcdserverpb.Auth/RoleList',
]);

/** Unavailable errors that etcd's server sends for conditions a retry can outlive. */
const RETRYABLE_SERVER_UNAVAILABLE: ReadonlySet<string> = new Set([
  EtcdErr.NoLeader,
  EtcdErr.LeaderChanged,
  EtcdErr.Stopped,
  EtcdErr.Timeout,
  EtcdErr.TimeoutDueToLeaderFail,
  EtcdErr.TimeoutDueToConnectionLost,
  EtcdErr.Unhealthy,
]);

/** grpc-js texts for a call that failed before any byte of it was sent. */
const NEVER_SENT = [/^there is no (address|connection) available$/, /^No connection established/];

export function isRepeatable(path: string): boolean {
  return REPEATABLE.has(path);
}

export function shouldRetry(path: string, code: number, details: string, endpointCount: number): boolean {
  if (details === EtcdErr.NotSupportedForLearner) return endpointCount > 1;
  if (code !== GrpcCode.UNAVAILABLE) return false;
  if (isRepeatable(path)) {
    return !KNOWN_ETCD_ERRORS.has(details) || RETRYABLE_SERVER_UNAVAILABLE.has(details);
  }
  return NEVER_SENT.some((re) => re.test(details));
}

/** Errors after which a fresh auth token is fetched and the call repeated (docs/etcdctl-behaviour.md §9.4). */
export function needsNewToken(details: string): boolean {
  return details === EtcdErr.InvalidAuthToken || details === EtcdErr.UserEmpty || details === EtcdErr.AuthOldRevision;
}

/** Pause before attempt n (n >= 1): 25 ms ±10 % every `quorum` attempts. */
export function backoffMs(attempt: number, endpointCount: number, random: () => number = Math.random): number {
  const quorum = Math.floor(endpointCount / 2) + 1;
  if (attempt % quorum !== 0) return 0;
  return 25 * (1 + 0.2 * (random() - 0.5));
}
