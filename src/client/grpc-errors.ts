/**
 * gRPC errors -> the message etcdctl prints (docs/etcdctl-behaviour.md §4.2, §12.4). One place.
 */
import { RpcError } from '../errors';
import { KNOWN_ETCD_ERRORS } from './etcd-errors';
import { GrpcCode } from './grpc-codes';

export { RpcError };

const GO_CODE_NAMES: Record<number, string> = {
  [GrpcCode.OK]: 'OK',
  [GrpcCode.CANCELLED]: 'Canceled',
  [GrpcCode.UNKNOWN]: 'Unknown',
  [GrpcCode.INVALID_ARGUMENT]: 'InvalidArgument',
  [GrpcCode.DEADLINE_EXCEEDED]: 'DeadlineExceeded',
  [GrpcCode.NOT_FOUND]: 'NotFound',
  [GrpcCode.ALREADY_EXISTS]: 'AlreadyExists',
  [GrpcCode.PERMISSION_DENIED]: 'PermissionDenied',
  [GrpcCode.RESOURCE_EXHAUSTED]: 'ResourceExhausted',
  [GrpcCode.FAILED_PRECONDITION]: 'FailedPrecondition',
  [GrpcCode.ABORTED]: 'Aborted',
  [GrpcCode.OUT_OF_RANGE]: 'OutOfRange',
  [GrpcCode.UNIMPLEMENTED]: 'Unimplemented',
  [GrpcCode.INTERNAL]: 'Internal',
  [GrpcCode.UNAVAILABLE]: 'Unavailable',
  [GrpcCode.DATA_LOSS]: 'DataLoss',
  [GrpcCode.UNAUTHENTICATED]: 'Unauthenticated',
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
  const code = err.code ?? GrpcCode.UNKNOWN;
  const details = err.details ?? err.message ?? '';
  if (ownAbort) return new RpcError(GrpcCode.CANCELLED, details, 'context canceled');
  if (ownDeadlinePassed || (code === GrpcCode.DEADLINE_EXCEEDED && !KNOWN_ETCD_ERRORS.has(details))) {
    return new RpcError(GrpcCode.DEADLINE_EXCEEDED, details, 'context deadline exceeded');
  }
  if (KNOWN_ETCD_ERRORS.has(details)) return new RpcError(code, details, details);
  const text = details.replace(/^Received message larger than max/, 'grpc: received message larger than max');
  return new RpcError(code, details, `rpc error: code = ${goCodeName(code)} desc = ${text}`);
}
