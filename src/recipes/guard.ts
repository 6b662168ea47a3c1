/**
 * Guarded writes (extensions `put --if-absent`, `put --if-mod-rev N`,
 * `del --if-mod-rev N`): the write runs inside a Txn whose one compare is the
 * guard, so it is applied at most once and only when the key is as expected.
 * When the guard fails, the Txn reads the key instead, so the message can name
 * its current mod revision and the store's revision at that moment.
 */
import {
  Compare,
  Compare_CompareResult as Result,
  Compare_CompareTarget as Target,
  DeleteRangeRequest,
  DeleteRangeResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  TxnRequest,
  type TxnResponse,
} from '../proto/gen/rpc';
import { CliError, ExitCode } from '../errors';
import { goQuote } from '../go/quote';

/** The key's expected mod revision; 0 means "the key does not exist". */
export interface Guard {
  key: Buffer;
  modRevision: bigint;
}

export function guardedTxn(guard: Guard, write: { put: PutRequest } | { del: DeleteRangeRequest }): TxnRequest {
  return TxnRequest.fromPartial({
    compare: [
      Compare.fromPartial({
        key: guard.key,
        target: Target.MOD,
        result: Result.EQUAL,
        mod_revision: guard.modRevision,
      }),
    ],
    success: ['put' in write ? { request_put: write.put } : { request_delete_range: write.del }],
    failure: [{ request_range: RangeRequest.fromPartial({ key: guard.key, keys_only: true }) }],
  });
}

/** The write's own response (with the Txn's header), or the guard failure as a CliError. */
export function guardOutcome(guard: Guard, resp: TxnResponse, kind: 'put'): PutResponse;
export function guardOutcome(guard: Guard, resp: TxnResponse, kind: 'del'): DeleteRangeResponse;
export function guardOutcome(guard: Guard, resp: TxnResponse, kind: 'put' | 'del'): PutResponse | DeleteRangeResponse {
  const revision = resp.header?.revision ?? 0n;
  if (resp.succeeded) {
    const op = resp.responses[0];
    if (kind === 'put') return PutResponse.fromPartial({ ...op?.response_put, header: resp.header });
    return DeleteRangeResponse.fromPartial({ ...op?.response_delete_range, header: resp.header });
  }
  const current = resp.responses[0]?.response_range?.kvs[0];
  const key = goQuote(guard.key);
  const found = current ? `${key} has mod revision ${current.mod_revision}` : `${key} does not exist`;
  const wanted = guard.modRevision === 0n ? 'expected it absent' : `expected mod revision ${guard.modRevision}`;
  throw new CliError(ExitCode.GuardFailed, `guard failed: ${found}, ${wanted} (store revision ${revision})`);
}
