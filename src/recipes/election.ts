/**
 * etcd's leader election (concurrency.Election, docs/etcdctl-behaviour.md §10.1), with the same
 * key layout (`<name>/<lease ID in hex>`, the oldest key is the leader) and
 * RPC sequence as the Go client, so that candidates of this CLI and of
 * etcdctl take part in the same elections.
 */
import type { EtcdClient } from '../client/client';
import { KV } from '../client/methods';
import { Event_EventType, type KeyValue } from '../proto/gen/kv';
import {
  DeleteRangeRequest,
  PutRequest,
  RangeRequest,
  RangeResponse,
  TxnRequest,
  type ResponseHeader,
} from '../proto/gen/rpc';
import { prefixRangeEnd } from '../util/keys';
import { createRevisionIs } from './mutex';
import type { Session } from './session';
import { canceledError, firstCreated, waitDeletes, watchResponses } from './wait';
import { keyWatch } from '../client/watch';

export const ERR_NOT_LEADER = 'election: not leader';

export class Election {
  readonly prefix: Buffer;
  /** The own candidate key (empty when not campaigning). */
  key: Buffer = Buffer.alloc(0);
  /** Create revision of the own key. */
  rev = 0n;
  header: ResponseHeader | undefined;
  private leading = false;

  constructor(
    private readonly session: Session,
    name: string,
  ) {
    this.prefix = Buffer.from(`${name}/`);
  }

  private get client(): EtcdClient {
    return this.session.client;
  }

  /** Election.Campaign: resolves once this candidate is the leader. */
  async campaign(value: Buffer, signal: AbortSignal): Promise<void> {
    const key = Buffer.concat([this.prefix, Buffer.from(this.session.leaseHex)]);
    const req = TxnRequest.fromPartial({
      compare: [createRevisionIs(key, 0n)],
      success: [{ request_put: PutRequest.fromPartial({ key, value, lease: this.session.lease }) }],
      failure: [{ request_range: RangeRequest.fromPartial({ key }) }],
    });
    if (signal.aborted) throw canceledError();
    const resp = await this.client.unary(KV.txn, req, { signal });
    this.key = key;
    this.rev = resp.header?.revision ?? 0n;
    this.leading = true;
    if (!resp.succeeded) {
      const kv = resp.responses[0].response_range?.kvs[0];
      this.rev = kv?.create_revision ?? 0n;
      if (kv && !kv.value.equals(value)) {
        try {
          await this.proclaim(value, signal);
        } catch (e) {
          await this.resign(signal).catch(() => undefined);
          throw e;
        }
      }
    }
    try {
      await waitDeletes(this.client, this.prefix, this.rev - 1n, signal);
    } catch (e) {
      if (signal.aborted) await this.resign().catch(() => undefined);
      else this.leading = false;
      throw e;
    }
    this.header = resp.header;
  }

  /** Election.Proclaim: replaces the leader value without a new election. */
  async proclaim(value: Buffer, signal?: AbortSignal): Promise<void> {
    if (!this.leading) throw new Error(ERR_NOT_LEADER);
    const req = TxnRequest.fromPartial({
      compare: [createRevisionIs(this.key, this.rev)],
      success: [{ request_put: PutRequest.fromPartial({ key: this.key, value, lease: this.session.lease }) }],
    });
    if (signal?.aborted) throw canceledError();
    const resp = await this.client.unary(KV.txn, req, { signal });
    if (!resp.succeeded) {
      this.key = Buffer.alloc(0);
      throw new Error(ERR_NOT_LEADER);
    }
    this.header = resp.header;
  }

  /** Election.Resign: deletes the own key if it is still the one this campaign created. */
  async resign(signal?: AbortSignal): Promise<void> {
    if (!this.leading || this.key.length === 0) {
      this.leading = false;
      return;
    }
    const req = TxnRequest.fromPartial({
      compare: [createRevisionIs(this.key, this.rev)],
      success: [{ request_delete_range: DeleteRangeRequest.fromPartial({ key: this.key }) }],
    });
    this.leading = false;
    if (signal?.aborted) throw canceledError();
    const resp = await this.client.unary(KV.txn, req, { signal });
    this.header = resp.header;
  }
}

/**
 * Election.Observe: yields the leader as a Get response each time it changes
 * (a new leader key, or a new value of the leader key), until `signal`
 * aborts or a Get/watch fails (then it returns; the caller tells the two
 * apart by its signal). The responses are built as clientv3 builds them: the
 * first report of a leader carries only the header and the key (count 0);
 * value updates reuse the leader lookup's response (its count and more).
 */
export async function* observeLeader(
  client: EtcdClient,
  name: string,
  signal: AbortSignal,
): AsyncGenerator<RangeResponse, void> {
  const prefix = Buffer.from(`${name}/`);
  try {
    for (;;) {
      if (signal.aborted) return;
      const resp = await client.unary(KV.range, firstCreated(prefix), { signal });
      let kv: KeyValue | undefined;
      let hdr: ResponseHeader | undefined;
      if (resp.kvs.length === 0) {
        // Wait for the first key put under the prefix.
        const watch = keyWatch(prefix, resp.header?.revision ?? 0n, prefixRangeEnd(prefix));
        for await (const wr of watchResponses(client, watch, signal)) {
          const ev = wr.events.find((e) => e.type === Event_EventType.PUT);
          if (ev?.kv) {
            kv = ev.kv;
            hdr = { ...(wr.header ?? emptyHeader()), revision: ev.kv.mod_revision };
            break;
          }
        }
        if (!kv) return;
      } else {
        hdr = resp.header;
        kv = resp.kvs[0];
      }
      yield RangeResponse.fromPartial({ header: hdr, kvs: [kv] });

      // Follow the leader key: report value changes until it is deleted.
      const follow = keyWatch(kv.key, (hdr?.revision ?? 0n) + 1n);
      let deleted = false;
      for await (const wr of watchResponses(client, follow, signal)) {
        for (const ev of wr.events) {
          if (ev.type === Event_EventType.DELETE) {
            deleted = true;
            break;
          }
          yield RangeResponse.fromPartial({
            header: wr.header,
            kvs: ev.kv ? [ev.kv] : [],
            more: resp.more,
            count: resp.count,
          });
        }
        if (deleted) break;
      }
      if (!deleted) return;
    }
  } catch {
    // A failed Get or a closed watcher ends the observation.
  }
}

function emptyHeader(): ResponseHeader {
  return { cluster_id: 0n, member_id: 0n, revision: 0n, raft_term: 0n };
}
