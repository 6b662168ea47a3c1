/**
 * A grpc-js name resolver for the scheme `etcd-endpoints`: it hands the channel
 * every configured endpoint (as etcd's Go client does), so that the
 * round_robin policy keeps one sub-channel per member and fails over to the
 * ready ones. Host names are looked up with the OS resolver.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { experimental, type ChannelOptions } from '@grpc/grpc-js';
import { GrpcCode } from './grpc-codes';
import type { Endpoint } from './endpoints';

export const SCHEME = 'etcd-endpoints';
/** Channel option carrying the endpoint list to the resolver (JSON). */
export const ENDPOINTS_OPTION = 'etcdctl-ts.endpoints';

type GrpcEndpoint = experimental.Endpoint;

/** Host names are looked up again at most this often (grpc-js's DNS resolver: 30 s). */
const MIN_LOOKUP_INTERVAL_MS = 30_000;

const SERVICE_CONFIG = { loadBalancingConfig: [{ round_robin: {} }], methodConfig: [] };

async function toGrpcEndpoint(ep: Endpoint): Promise<GrpcEndpoint | undefined> {
  if (ep.path !== undefined) return { addresses: [{ path: ep.path }] };
  if (!ep.host || !ep.port) return undefined;
  if (isIP(ep.host)) return { addresses: [{ host: ep.host, port: ep.port }] };
  try {
    const found = await lookup(ep.host, { all: true });
    return { addresses: found.map((a) => ({ host: a.address, port: ep.port as number })) };
  } catch {
    return undefined;
  }
}

export class EtcdEndpointsResolver implements experimental.Resolver {
  private readonly endpoints: Endpoint[];
  private readonly needsLookup: boolean;
  private reported = false;
  private lastLookup = 0;
  private pending: NodeJS.Timeout | undefined;
  private destroyed = false;

  constructor(
    _target: experimental.GrpcUri,
    private readonly listener: experimental.ResolverListener,
    options: ChannelOptions,
  ) {
    this.endpoints = JSON.parse(String(options[ENDPOINTS_OPTION] ?? '[]')) as Endpoint[];
    this.needsLookup = this.endpoints.some((e) => e.path === undefined && e.host !== undefined && !isIP(e.host));
  }

  /**
   * grpc-js asks again whenever a connection fails. Literal addresses never
   * change, so they are reported once (as grpc-js's own IP resolver does); host
   * names are looked up again at most every MIN_LOOKUP_INTERVAL_MS. Answering
   * every request at once would spin: a refused connection asks again at once.
   */
  updateResolution(): void {
    this.destroyed = false;
    if (this.pending) return;
    if (this.reported && !this.needsLookup) return;
    const wait = this.reported ? Math.max(0, this.lastLookup + MIN_LOOKUP_INTERVAL_MS - Date.now()) : 0;
    this.pending = setTimeout(() => void this.resolve(), wait);
    this.pending.unref();
  }

  private async resolve(): Promise<void> {
    this.lastLookup = Date.now();
    const list = await Promise.all(this.endpoints.map(toGrpcEndpoint));
    this.pending = undefined;
    if (this.destroyed) return;
    this.reported = true;
    const usable = list.filter((e): e is GrpcEndpoint => e !== undefined);
    if (usable.length === 0) {
      this.listener(
        experimental.statusOrFromError({ code: GrpcCode.UNAVAILABLE, details: 'there is no address available' }),
        {},
        null,
        '',
      );
      return;
    }
    this.listener(
      experimental.statusOrFromValue(usable),
      {},
      experimental.statusOrFromValue(SERVICE_CONFIG as never),
      '',
    );
  }

  destroy(): void {
    this.destroyed = true;
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
    this.reported = false;
  }

  static getDefaultAuthority(target: experimental.GrpcUri): string {
    return target.path;
  }
}

/** Registers the resolver with grpc-js (idempotent; grpc-js keeps the registry). */
export function registerEtcdResolver(): void {
  experimental.registerResolver(SCHEME, EtcdEndpointsResolver);
}
