/**
 * A grpc-js name resolver for the scheme `etcd-endpoints`: it hands the channel
 * every configured endpoint (as etcd's Go client does), so that the
 * round_robin policy keeps one sub-channel per member and fails over to the
 * ready ones. Host names are looked up with the OS resolver.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { experimental, status as Status, type ChannelOptions } from '@grpc/grpc-js';
import type { Endpoint } from './endpoints';

export const SCHEME = 'etcd-endpoints';
/** Channel option carrying the endpoint list to the resolver (JSON). */
export const ENDPOINTS_OPTION = 'etcdctl-ts.endpoints';

type GrpcEndpoint = experimental.Endpoint;

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

class EtcdEndpointsResolver implements experimental.Resolver {
  private readonly endpoints: Endpoint[];
  private destroyed = false;

  constructor(
    _target: experimental.GrpcUri,
    private readonly listener: experimental.ResolverListener,
    options: ChannelOptions,
  ) {
    this.endpoints = JSON.parse(String(options[ENDPOINTS_OPTION] ?? '[]')) as Endpoint[];
  }

  updateResolution(): void {
    this.destroyed = false;
    void Promise.all(this.endpoints.map(toGrpcEndpoint)).then((list) => {
      if (this.destroyed) return;
      const usable = list.filter((e): e is GrpcEndpoint => e !== undefined);
      if (usable.length === 0) {
        this.listener(
          experimental.statusOrFromError({ code: Status.UNAVAILABLE, details: 'there is no address available' }),
          {},
          null,
          '',
        );
        return;
      }
      this.listener(experimental.statusOrFromValue(usable), {}, experimental.statusOrFromValue(SERVICE_CONFIG as never), '');
    });
  }

  destroy(): void {
    this.destroyed = true;
  }

  static getDefaultAuthority(target: experimental.GrpcUri): string {
    return target.path;
  }
}

/** Registers the resolver with grpc-js (idempotent; grpc-js keeps the registry). */
export function registerEtcdResolver(): void {
  experimental.registerResolver(SCHEME, EtcdEndpointsResolver);
}
