/**
 * KV/RangeStream (etcd 3.7, `get --stream`, docs/etcdctl-3.7-behaviour.md §4.1): the RangeRequest over a
 * server-streaming RPC, the chunks merged into one RangeResponse as protobuf merge does
 * (kvs appended in order; header fields, `more` and `count` set by the chunks that carry
 * them: the final one). Not retried: the stream's error, Unavailable included, is final
 * (`unknown method RangeStream …` from a server before 3.7).
 */
import { RangeResponse, ResponseHeader, type RangeRequest, type RangeStreamResponse } from '../proto/gen/rpc';
import type { CallOptions, EtcdClient } from './client';
import { KV } from './methods';
import { RpcError, toRpcError, type GrpcLikeError } from './grpc-errors';

/** proto.Merge of a header: every non-zero field of `from` replaces the one of `into`. */
function mergeHeader(into: ResponseHeader | undefined, from: ResponseHeader): ResponseHeader {
  const h = into ?? ResponseHeader.fromPartial({});
  return {
    cluster_id: from.cluster_id !== 0n ? from.cluster_id : h.cluster_id,
    member_id: from.member_id !== 0n ? from.member_id : h.member_id,
    revision: from.revision !== 0n ? from.revision : h.revision,
    raft_term: from.raft_term !== 0n ? from.raft_term : h.raft_term,
  };
}

/** proto.Merge of one chunk into the response so far. */
export function mergeRangeChunk(into: RangeResponse, chunk: RangeResponse): RangeResponse {
  return {
    header: chunk.header ? mergeHeader(into.header, chunk.header) : into.header,
    kvs: chunk.kvs.length > 0 ? into.kvs.concat(chunk.kvs) : into.kvs,
    more: chunk.more || into.more,
    count: chunk.count !== 0n ? chunk.count : into.count,
  };
}

/** Reads the whole stream; its error as etcdctl words it (RpcError). */
export async function rangeStream(client: EtcdClient, req: RangeRequest, opts: CallOptions): Promise<RangeResponse> {
  let merged = RangeResponse.fromPartial({});
  try {
    const stream = await client.serverStream(KV.rangeStream, req, opts);
    for await (const msg of stream as AsyncIterable<RangeStreamResponse>) {
      if (msg.range_response) merged = mergeRangeChunk(merged, msg.range_response);
    }
  } catch (e) {
    if (e instanceof RpcError || typeof (e as GrpcLikeError).code !== 'number') throw e;
    const passed = opts.deadline !== undefined && Date.now() >= opts.deadline;
    throw await client.explainDeadline(toRpcError(e as GrpcLikeError, passed, opts.signal?.aborted === true));
  }
  return merged;
}
