/**
 * A small gRPC server on 127.0.0.1 implementing etcd 3.7's KV/RangeStream, for `get --stream`
 * tests (no real etcd before 3.7 has the method). It answers as the 3.7.1 server does (spec
 * 3.7 §4.1): custom sort orders and revision filters are refused with Unimplemented before any
 * data; otherwise the range is read from a real etcd member (one unary Range: one revision
 * for the whole stream) and sent in chunks of `chunkSize` key-values, the final chunk
 * carrying the header, `more` and `count`.
 *
 *   const s = await startRangeStreamServer({ upstream: cluster.endpoints[0], chunkSize: 2 });
 *   ... ours(['--endpoints', s.endpoint, 'get', '--stream', ...]) ...
 *   s.calls  // what each call asked for, with its metadata
 *   await s.close();
 */
import * as grpc from '@grpc/grpc-js';
import { KV } from '../../src/client/methods';
import {
  RangeRequest,
  RangeRequest_SortOrder as SortOrder,
  RangeResponse,
  RangeStreamResponse,
} from '../../src/proto/gen/rpc';

export interface RangeStreamCall {
  request: RangeRequest;
  /** The call's metadata, as name -> first value. */
  metadata: Record<string, string>;
  /** Chunks sent. */
  chunks: number;
}

export interface RangeStreamServerOptions {
  /** The real etcd member (127.0.0.1:port) the data comes from. */
  upstream: string;
  /** Key-values per chunk (the 3.7 server starts at 10). */
  chunkSize?: number;
  /** Fails the stream with this status after the first chunk (a server going away mid-stream). */
  failAfterFirstChunk?: { code: grpc.status; details: string };
  /** Never answers (deadline tests). */
  hang?: boolean;
}

export interface RangeStreamServer {
  endpoint: string;
  calls: RangeStreamCall[];
  close(): Promise<void>;
}

const SERVICE: grpc.ServiceDefinition = {
  RangeStream: {
    path: KV.rangeStream.path,
    requestStream: false,
    responseStream: true,
    requestSerialize: (v: RangeRequest) => Buffer.from(RangeRequest.encode(v).finish()),
    requestDeserialize: (b: Buffer) => RangeRequest.decode(b),
    responseSerialize: (v: RangeStreamResponse) => Buffer.from(RangeStreamResponse.encode(v).finish()),
    responseDeserialize: (b: Buffer) => RangeStreamResponse.decode(b),
    originalName: 'rangeStream',
  },
};

/** The 3.7.1 server's refusals (server/etcdserver/api/v3rpc/key.go), or undefined. */
function refusal(r: RangeRequest): string | undefined {
  if (r.sort_order !== SortOrder.NONE) return 'RangeStream does not support custom sort orders';
  const filters = [r.min_create_revision, r.max_create_revision, r.min_mod_revision, r.max_mod_revision];
  if (filters.some((v) => v > 0n)) return 'RangeStream does not support revision filters';
  return undefined;
}

function rangeUpstream(client: grpc.Client, req: RangeRequest): Promise<RangeResponse> {
  const m = KV.range;
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      m.path,
      (v: RangeRequest) => m.requestSerialize(v),
      (b: Buffer) => m.responseDeserialize(b),
      req,
      (err, res) => (err || !res ? reject(err ?? new Error('no response')) : resolve(res)),
    );
  });
}

/** The chunks of a response: kvs in slices, the last one with header, more and count. */
export function chunksOf(resp: RangeResponse, size: number): RangeStreamResponse[] {
  const out: RangeStreamResponse[] = [];
  for (let i = 0; i + size < resp.kvs.length; i += size) {
    out.push({ range_response: RangeResponse.fromPartial({ kvs: resp.kvs.slice(i, i + size) }) });
  }
  const rest = resp.kvs.slice(out.length * size);
  out.push({ range_response: { header: resp.header, kvs: rest, more: resp.more, count: resp.count } });
  return out;
}

export async function startRangeStreamServer(opts: RangeStreamServerOptions): Promise<RangeStreamServer> {
  const upstream = new grpc.Client(opts.upstream, grpc.credentials.createInsecure());
  const calls: RangeStreamCall[] = [];
  const server = new grpc.Server();
  server.addService(SERVICE, {
    RangeStream: (call: grpc.ServerWritableStream<RangeRequest, RangeStreamResponse>) => {
      const metadata: Record<string, string> = {};
      for (const [k, v] of Object.entries(call.metadata.getMap())) metadata[k] = String(v);
      const record: RangeStreamCall = { request: call.request, metadata, chunks: 0 };
      calls.push(record);
      if (opts.hang) return;
      const refused = refusal(call.request);
      if (refused) {
        call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: refused });
        return;
      }
      rangeUpstream(upstream, call.request).then(
        (resp) => {
          const chunks = chunksOf(resp, opts.chunkSize ?? 10);
          for (const [i, chunk] of chunks.entries()) {
            call.write(chunk);
            record.chunks++;
            if (i === 0 && opts.failAfterFirstChunk) {
              call.emit('error', opts.failAfterFirstChunk);
              return;
            }
          }
          call.end();
        },
        (err: grpc.ServiceError) => call.emit('error', { code: err.code, details: err.details }),
      );
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    endpoint: `127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        upstream.close();
        server.tryShutdown(() => resolve());
        // A hanging call would keep tryShutdown waiting.
        setTimeout(() => server.forceShutdown(), 1000).unref();
      }),
  };
}
