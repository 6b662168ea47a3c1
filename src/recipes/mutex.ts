/**
 * etcd's distributed mutex (concurrency.Mutex, docs/etcdctl-behaviour.md §10.1), with the same key
 * layout and RPC sequence so that this CLI and etcdctl exclude each other:
 * the waiter's key is `<name>/<lease ID in hex>`, the oldest key (lowest
 * create revision) under `<name>/` holds the lock, each waiter watches only
 * its immediate predecessor for deletion.
 */
import { KV } from '../client/methods';
import {
  Compare,
  Compare_CompareResult as CmpResult,
  Compare_CompareTarget as CmpTarget,
  DeleteRangeRequest,
  PutRequest,
  RangeRequest,
  TxnRequest,
  type ResponseHeader,
  type TxnResponse,
} from '../proto/gen/rpc';
import type { Session } from './session';
import { canceledError, firstCreated, waitDeletes } from './wait';

export const ERR_SESSION_EXPIRED = 'mutex: session is expired';
export const ERR_LOCKED = 'mutex: Locked by another session';

/** Compare(CreateRevision(key), "=", rev). */
export function createRevisionIs(key: Buffer, rev: bigint): Compare {
  return Compare.fromPartial({ result: CmpResult.EQUAL, target: CmpTarget.CREATE, key, create_revision: rev });
}

export class Mutex {
  readonly prefix: Buffer;
  /** The own key; valid once lock()/tryLock() started. */
  key: Buffer = Buffer.alloc(0);
  /** Create revision of the own key. */
  rev = -1n;
  /** Header of the response that proved ownership (ETCD_LOCK_REV is its revision). */
  header: ResponseHeader | undefined;

  constructor(
    private readonly session: Session,
    name: string,
  ) {
    this.prefix = Buffer.from(`${name}/`);
  }

  /** Registers as a waiter (or finds the own key) and fetches the current owner in the same Txn. */
  private async tryAcquire(signal: AbortSignal): Promise<TxnResponse> {
    const { client, lease } = this.session;
    this.key = Buffer.concat([this.prefix, Buffer.from(this.session.leaseHex)]);
    const getOwner = { request_range: firstCreated(this.prefix) };
    const req = TxnRequest.fromPartial({
      compare: [createRevisionIs(this.key, 0n)],
      success: [{ request_put: PutRequest.fromPartial({ key: this.key, value: Buffer.alloc(0), lease }) }, getOwner],
      failure: [{ request_range: RangeRequest.fromPartial({ key: this.key }) }, getOwner],
    });
    if (signal.aborted) throw canceledError();
    const resp = await client.unary(KV.txn, req, { signal });
    this.rev = resp.header?.revision ?? 0n;
    if (!resp.succeeded) this.rev = resp.responses[0].response_range?.kvs[0]?.create_revision ?? 0n;
    return resp;
  }

  private ownsLock(resp: TxnResponse): boolean {
    const owner = resp.responses[1].response_range?.kvs ?? [];
    return owner.length === 0 || owner[0].create_revision === this.rev;
  }

  /** Mutex.Lock: resolves once the lock is held; on failure the own key is removed. */
  async lock(signal: AbortSignal): Promise<void> {
    const resp = await this.tryAcquire(signal);
    if (this.ownsLock(resp)) {
      this.header = resp.header;
      return;
    }
    const { client } = this.session;
    try {
      await waitDeletes(client, this.prefix, this.rev - 1n, signal);
    } catch (e) {
      await this.unlock().catch(() => undefined);
      throw e;
    }
    // The own key must still exist: the session may have expired while waiting.
    let got;
    try {
      if (signal.aborted) throw canceledError();
      got = await client.unary(KV.range, RangeRequest.fromPartial({ key: this.key }), { signal });
    } catch (e) {
      await this.unlock().catch(() => undefined);
      throw e;
    }
    if (got.kvs.length === 0) throw new Error(ERR_SESSION_EXPIRED);
    this.header = got.header;
  }

  /** Mutex.TryLock: false (own key removed again) when another session holds the lock. */
  async tryLock(signal: AbortSignal): Promise<boolean> {
    const resp = await this.tryAcquire(signal);
    if (this.ownsLock(resp)) {
      this.header = resp.header;
      return true;
    }
    await this.session.client.unary(KV.deleteRange, DeleteRangeRequest.fromPartial({ key: this.key }), { signal });
    this.key = Buffer.from('\x00');
    this.rev = -1n;
    return false;
  }

  /** Mutex.Unlock: deletes the own key (no timeout unless a signal is given). */
  async unlock(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw canceledError();
    await this.session.client.unary(KV.deleteRange, DeleteRangeRequest.fromPartial({ key: this.key }), { signal });
  }
}
