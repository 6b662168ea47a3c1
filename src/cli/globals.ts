/** etcdctl 3.6's global (persistent) flags, spec §3.1. */
import type { FlagSpec } from './flags';

const SECOND = 1_000_000_000n;

export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'endpoints', type: 'stringSlice', default: ['127.0.0.1:2379'], usage: 'gRPC endpoints' },
  { name: 'debug', type: 'bool', default: false, usage: 'enable client-side debug logging' },
  { name: 'write-out', short: 'w', type: 'string', default: 'simple', usage: 'set the output format (fields, json, protobuf, simple, table)' },
  { name: 'hex', type: 'bool', default: false, usage: 'print byte strings as hex encoded strings' },
  { name: 'dial-timeout', type: 'duration', default: 2n * SECOND, usage: 'dial timeout for client connections' },
  { name: 'command-timeout', type: 'duration', default: 5n * SECOND, usage: 'timeout for short running command (excluding dial timeout)' },
  { name: 'keepalive-time', type: 'duration', default: 2n * SECOND, usage: 'keepalive time for client connections' },
  { name: 'keepalive-timeout', type: 'duration', default: 6n * SECOND, usage: 'keepalive timeout for client connections' },
  { name: 'max-request-bytes', type: 'int', default: 0n, usage: 'client-side request send limit in bytes (if 0, it defaults to 2.0 MiB (2 * 1024 * 1024).)' },
  { name: 'max-recv-bytes', type: 'int', default: 0n, usage: 'client-side response receive limit in bytes (if 0, it defaults to "math.MaxInt32")' },
  { name: 'insecure-transport', type: 'bool', default: true, usage: 'disable transport security for client connections' },
  { name: 'insecure-discovery', type: 'bool', default: true, usage: 'accept insecure SRV records describing cluster endpoints' },
  { name: 'insecure-skip-tls-verify', type: 'bool', default: false, usage: 'skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)' },
  { name: 'cert', type: 'string', default: '', usage: 'identify secure client using this TLS certificate file' },
  { name: 'key', type: 'string', default: '', usage: 'identify secure client using this TLS key file' },
  { name: 'cacert', type: 'string', default: '', usage: 'verify certificates of TLS-enabled secure servers using this CA bundle' },
  { name: 'user', type: 'string', default: '', usage: 'username[:password] for authentication (prompt if password is not supplied)' },
  { name: 'password', type: 'string', default: '', usage: "password for authentication (if this option is used, --user option shouldn't include password)" },
  { name: 'discovery-srv', short: 'd', type: 'string', default: '', usage: 'domain name to query for SRV records describing cluster endpoints' },
  { name: 'discovery-srv-name', type: 'string', default: '', usage: 'service name to query when using DNS discovery' },
].map((f) => ({ ...f, persistent: true }) as FlagSpec);

/** ETCDCTL_<NAME> for a flag name (spec §3.2.1). */
export function envName(flagName: string): string {
  return `ETCDCTL_${flagName.toUpperCase().replace(/-/g, '_')}`;
}
