/**
 * DNS SRV discovery of client endpoints (--discovery-srv, docs/etcdctl-behaviour.md §3.3.1):
 * `_etcd-client-ssl[-<name>]._tcp.<domain>` gives https:// endpoints,
 * `_etcd-client[-<name>]._tcp.<domain>` http:// ones.
 */
import { getServers, resolveSrv } from 'node:dns/promises';
import { CliError, ExitCode } from '../errors';

function service(scheme: 'https' | 'http', name: string): string {
  const base = scheme === 'https' ? '_etcd-client-ssl' : '_etcd-client';
  return name === '' ? base : `${base}-${name}`;
}

async function lookup(scheme: 'https' | 'http', domain: string, name: string): Promise<string[]> {
  const host = `${service(scheme, name)}._tcp.${domain}`;
  try {
    const records = await resolveSrv(host);
    return records.map((r) => {
      const target = r.name.replace(/\.$/, '');
      return `${scheme}://${target.includes(':') ? `[${target}]` : target}:${r.port}`;
    });
  } catch (e) {
    throw new Error(`lookup ${host}${resolverSuffix()}: ${lookupReason((e as NodeJS.ErrnoException).code)}`, {
      cause: e,
    });
  }
}

/** Go's DNSError names the server asked: ` on 10.0.0.53:53` (net.JoinHostPort form). */
function resolverSuffix(): string {
  const server = getServers()[0];
  if (server === undefined) return '';
  if (/^\[.*\]:\d+$/.test(server) || /^[^:]+:\d+$/.test(server)) return ` on ${server}`;
  return server.includes(':') ? ` on [${server}]:53` : ` on ${server}:53`;
}

/** Go's texts for the usual resolver failures (c-ares error codes). */
function lookupReason(code: string | undefined): string {
  switch (code) {
    case 'ESERVFAIL':
      return 'server misbehaving';
    case 'ETIMEOUT':
      return 'i/o timeout';
    default:
      return 'no such host';
  }
}

export interface Discovered {
  endpoints: string[];
  /** Lines for stderr (dropped insecure endpoints). */
  notices: string[];
}

/** Both lookups; fails only when both do (etcd's srv.GetClient). */
export async function discoverEndpoints(domain: string, name: string, insecureDiscovery: boolean): Promise<Discovered> {
  const [https, http] = await Promise.allSettled([lookup('https', domain, name), lookup('http', domain, name)]);
  if (https.status === 'rejected' && http.status === 'rejected') {
    throw new CliError(
      ExitCode.Error,
      `dns lookup errors: ${(https.reason as Error).message} and ${(http.reason as Error).message}`,
    );
  }
  const found = [
    ...(https.status === 'fulfilled' ? https.value : []),
    ...(http.status === 'fulfilled' ? http.value : []),
  ];
  const notices: string[] = [];
  const endpoints = found.filter((ep) => {
    if (insecureDiscovery || !ep.startsWith('http://')) return true;
    notices.push(`ignoring discovered insecure endpoint ${JSON.stringify(ep)}\n`);
    return false;
  });
  return { endpoints, notices };
}
