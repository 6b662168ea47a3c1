/**
 * gRPC errors -> the message etcdctl prints (spec §4.2, §12.4). One place.
 */
import { status as Status } from '@grpc/grpc-js';
import { RpcError } from '../errors';

export { RpcError };

/** Server error strings the Go client turns back into plain errors (spec §12.4). */
export const KNOWN_ETCD_ERRORS: ReadonlySet<string> = new Set([
  'etcdserver: key is not provided',
  'etcdserver: key not found',
  'etcdserver: value is provided',
  'etcdserver: lease is provided',
  'etcdserver: too many operations in txn request',
  'etcdserver: duplicate key given in txn request',
  'etcdserver: invalid sort option',
  'etcdserver: mvcc: required revision has been compacted',
  'etcdserver: mvcc: required revision is a future revision',
  'etcdserver: mvcc: database space exceeded',
  'etcdserver: requested lease not found',
  'etcdserver: lease already exists',
  'etcdserver: too large lease TTL',
  'etcdserver: member ID already exist',
  'etcdserver: Peer URLs already exists',
  'etcdserver: re-configuration failed due to not enough started members',
  'etcdserver: given member URLs are invalid',
  'etcdserver: member not found',
  'etcdserver: can only promote a learner member',
  'etcdserver: can only promote a learner member which is in sync with leader',
  'etcdserver: too many learner members in cluster',
  'etcdserver: cluster ID mismatch',
  'etcdserver: request is too large',
  'etcdserver: too many requests',
  'etcdserver: root user does not exist',
  'etcdserver: root user does not have root role',
  'etcdserver: user name already exists',
  'etcdserver: user name is empty',
  'etcdserver: user name not found',
  'etcdserver: role name already exists',
  'etcdserver: role name not found',
  'etcdserver: role name is empty',
  'etcdserver: authentication failed, invalid user ID or password',
  'etcdserver: permission denied',
  'etcdserver: role is not granted to the user',
  'etcdserver: permission is not granted to the role',
  'etcdserver: authentication is not enabled',
  'etcdserver: invalid auth token',
  'etcdserver: invalid auth management',
  'etcdserver: revision of auth store is old',
  'etcdserver: no leader',
  'etcdserver: not leader',
  'etcdserver: leader changed',
  'etcdserver: not capable',
  'etcdserver: server stopped',
  'etcdserver: request timed out',
  'etcdserver: request timed out, possibly due to previous leader failure',
  'etcdserver: request timed out, possibly due to connection lost',
  'etcdserver: unhealthy cluster',
  'etcdserver: corrupt cluster',
  'etcdserver: rpc not supported for learner',
  'etcdserver: bad leader transferee',
  'etcdserver: wrong downgrade target version format',
  'etcdserver: invalid downgrade target version',
  'etcdserver: cluster version not found during downgrade',
  'etcdserver: cluster has a downgrade job in progress',
  'etcdserver: no inflight downgrade job',
]);

const GO_CODE_NAMES: Record<number, string> = {
  [Status.OK]: 'OK',
  [Status.CANCELLED]: 'Canceled',
  [Status.UNKNOWN]: 'Unknown',
  [Status.INVALID_ARGUMENT]: 'InvalidArgument',
  [Status.DEADLINE_EXCEEDED]: 'DeadlineExceeded',
  [Status.NOT_FOUND]: 'NotFound',
  [Status.ALREADY_EXISTS]: 'AlreadyExists',
  [Status.PERMISSION_DENIED]: 'PermissionDenied',
  [Status.RESOURCE_EXHAUSTED]: 'ResourceExhausted',
  [Status.FAILED_PRECONDITION]: 'FailedPrecondition',
  [Status.ABORTED]: 'Aborted',
  [Status.OUT_OF_RANGE]: 'OutOfRange',
  [Status.UNIMPLEMENTED]: 'Unimplemented',
  [Status.INTERNAL]: 'Internal',
  [Status.UNAVAILABLE]: 'Unavailable',
  [Status.DATA_LOSS]: 'DataLoss',
  [Status.UNAUTHENTICATED]: 'Unauthenticated',
};

export function goCodeName(code: number): string {
  return GO_CODE_NAMES[code] ?? `Code(${code})`;
}

export interface GrpcLikeError {
  code?: number;
  details?: string;
  message?: string;
}

/** Converts a grpc-js error, given whether the caller's own deadline/abort fired. */
export function toRpcError(err: GrpcLikeError, ownDeadlinePassed: boolean, ownAbort = false): RpcError {
  const code = err.code ?? Status.UNKNOWN;
  const details = err.details ?? err.message ?? '';
  if (ownAbort) return new RpcError(Status.CANCELLED, details, 'context canceled');
  if (ownDeadlinePassed || (code === Status.DEADLINE_EXCEEDED && !KNOWN_ETCD_ERRORS.has(details))) {
    return new RpcError(Status.DEADLINE_EXCEEDED, details, 'context deadline exceeded');
  }
  if (KNOWN_ETCD_ERRORS.has(details)) return new RpcError(code, details, details);
  const text = details.replace(/^Received message larger than max/, 'grpc: received message larger than max');
  return new RpcError(code, details, `rpc error: code = ${goCodeName(code)} desc = ${text}`);
}
