/**
 * Typed RPC descriptors (path + codecs) built from the generated service
 * definitions. Pure: importing this does not load grpc-js.
 */
import {
  AuthDefinition,
  ClusterDefinition,
  KVDefinition,
  LeaseDefinition,
  MaintenanceDefinition,
  WatchDefinition,
} from '../proto/gen/rpc';
import { decodeWatchResponse } from '../proto/fast-decode';

interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
}

export interface RpcMethod<Req, Res> {
  path: string;
  requestSerialize(value: Req): Buffer;
  responseDeserialize(value: Buffer): Res;
}

type MethodDefs = Record<string, { name: string; requestType: unknown; responseType: unknown }>;

type Described<M extends MethodDefs> = {
  [K in keyof M]: M[K] extends { requestType: Codec<infer Req>; responseType: Codec<infer Res> }
    ? RpcMethod<Req, Res>
    : never;
};

/** `decoders` replaces the generated response decoder of some methods. */
function describe<M extends MethodDefs>(
  def: { fullName: string; methods: M },
  decoders: Partial<Record<keyof M, (b: Buffer) => unknown>> = {},
): Described<M> {
  const out: Record<string, RpcMethod<unknown, unknown>> = {};
  for (const [key, m] of Object.entries(def.methods)) {
    const req = m.requestType as Codec<unknown>;
    const res = m.responseType as Codec<unknown>;
    out[key] = {
      path: `/${def.fullName}/${m.name}`,
      requestSerialize: (v) => Buffer.from(req.encode(v).finish()),
      responseDeserialize: decoders[key as keyof M] ?? ((b) => res.decode(b)),
    };
  }
  return out as Described<M>;
}

export const KV = describe(KVDefinition);
/** Watch responses decode with keys and values as views of the message (proto/fast-decode). */
export const Watch = describe(WatchDefinition, { watch: decodeWatchResponse });
export const Lease = describe(LeaseDefinition);
export const Cluster = describe(ClusterDefinition);
export const Maintenance = describe(MaintenanceDefinition);
export const Auth = describe(AuthDefinition);
