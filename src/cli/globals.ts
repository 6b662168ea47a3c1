/** etcdctl's global (persistent) flags, docs/etcdctl-behaviour.md §3.1; 3.7 adds --auth-jwt-token (docs/etcdctl-3.7-behaviour.md §2.2). */
import { flag, flagSpecs, type FlagOpts, type FlagSpec } from './flags';
import { SECOND } from '../util/deadline';
import { hasSince, type Compat } from '../compat';
const persistent = { persistent: true };

export const GLOBAL_FLAG_DECLS = {
  authJwtToken: flag.string(
    'JWT token used for authentication (if this option is used, --user and --password should not be set)',
    '',
    { ...persistent, since: '3.7' },
  ),
  endpoints: flag.stringSlice('gRPC endpoints', ['127.0.0.1:2379'], persistent),
  debug: flag.bool('enable client-side debug logging', false, persistent),
  writeOut: flag.string('set the output format (fields, json, protobuf, simple, table)', 'simple', {
    ...persistent,
    short: 'w',
  }),
  hex: flag.bool('print byte strings as hex encoded strings', false, persistent),
  dialTimeout: flag.duration('dial timeout for client connections', 2n * SECOND, persistent),
  commandTimeout: flag.duration('timeout for short running command (excluding dial timeout)', 5n * SECOND, persistent),
  keepaliveTime: flag.duration('keepalive time for client connections', 2n * SECOND, persistent),
  keepaliveTimeout: flag.duration('keepalive timeout for client connections', 6n * SECOND, persistent),
  maxRequestBytes: flag.int(
    'client-side request send limit in bytes (if 0, it defaults to 2.0 MiB (2 * 1024 * 1024).)',
    0n,
    persistent,
  ),
  maxRecvBytes: flag.int(
    'client-side response receive limit in bytes (if 0, it defaults to "math.MaxInt32")',
    0n,
    persistent,
  ),
  insecureTransport: flag.bool('disable transport security for client connections', true, persistent),
  insecureDiscovery: flag.bool('accept insecure SRV records describing cluster endpoints', true, persistent),
  insecureSkipTlsVerify: flag.bool(
    'skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)',
    false,
    persistent,
  ),
  cert: flag.string('identify secure client using this TLS certificate file', '', persistent),
  key: flag.string('identify secure client using this TLS key file', '', persistent),
  cacert: flag.string('verify certificates of TLS-enabled secure servers using this CA bundle', '', persistent),
  user: flag.string('username[:password] for authentication (prompt if password is not supplied)', '', persistent),
  password: flag.string(
    "password for authentication (if this option is used, --user option shouldn't include password)",
    '',
    persistent,
  ),
  discoverySrv: flag.string('domain name to query for SRV records describing cluster endpoints', '', {
    ...persistent,
    short: 'd',
  }),
  discoverySrvName: flag.string('service name to query when using DNS discovery', '', persistent),
};

/** The global flags' values as given on the command line (or defaults): no ETCDCTL_* variable applied. */
export type GlobalFlags = FlagOpts<typeof GLOBAL_FLAG_DECLS>;

/** The global flags of every line (see globalFlagsOf for those of one line). */
export const GLOBAL_FLAGS: readonly FlagSpec[] = flagSpecs(GLOBAL_FLAG_DECLS);

/** The global flags of an etcdctl line: the ones ETCDCTL_* variables bind and --debug lists (3.6 lacks --auth-jwt-token). */
export function globalFlagsOf(compat: Compat): FlagSpec[] {
  return GLOBAL_FLAGS.filter((f) => hasSince(compat, f.since));
}

/** ETCDCTL_<NAME> for a flag name (docs/etcdctl-behaviour.md §3.2.1). */
export function envName(flagName: string): string {
  return `ETCDCTL_${flagName.toUpperCase().replace(/-/g, '_')}`;
}
