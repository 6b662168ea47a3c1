/**
 * Endpoint strings as etcdctl accepts them (docs/etcdctl-behaviour.md §3.3): host:port, http://,
 * https://, unix:, unixs:. Pure: no network.
 */
export type Security = 'plain' | 'tls' | 'auto';

export interface Endpoint {
  /** The endpoint as the user wrote it (after trimming). */
  raw: string;
  /** TCP host and port, or a unix socket path. */
  host?: string;
  port?: number;
  path?: string;
  /** plain: http://; tls: https:// and unixs:; auto: TLS only if a TLS config exists. */
  security: Security;
  /** Name used for TLS verification: the host, or the socket's base name. */
  serverName: string;
  /** host:port or the socket path: the authority part shown in targets. */
  authority: string;
}

function splitHostPort(hp: string): { host: string; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(hp) ?? /^([^:]*):(\d+)$/.exec(hp);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (!Number.isInteger(port) || port > 65535) return undefined;
  return { host: m[1] === '' ? 'localhost' : m[1], port };
}

export function parseEndpoint(input: string): Endpoint {
  const raw = input.trim();
  const unix = /^(unixs?):(?:\/\/)?(.*)$/.exec(raw);
  if (unix) {
    const path = unix[2];
    const base = path.split('/').pop() ?? path;
    return { raw, path, security: unix[1] === 'unixs' ? 'tls' : 'auto', serverName: base, authority: path };
  }
  let security: Security = 'auto';
  let rest = raw;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/.exec(raw);
  if (scheme) {
    const s = scheme[1].toLowerCase();
    if (s === 'http') security = 'plain';
    else if (s === 'https') security = 'tls';
    rest = scheme[2].replace(/\/.*$/, '');
  }
  const hp = splitHostPort(rest);
  if (!hp) {
    // Not host:port: grpc would fail to dial it; keep it so the error names it.
    return { raw, host: rest, port: 0, security, serverName: rest, authority: rest };
  }
  return { raw, host: hp.host, port: hp.port, security, serverName: hp.host, authority: rest };
}
