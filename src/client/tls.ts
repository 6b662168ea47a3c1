/**
 * Transport security from --cacert/--cert/--key/--insecure-* (docs/etcdctl-behaviour.md §3.5),
 * with etcdctl's error texts and exit code 128 for file problems.
 */
import { readFileSync } from 'node:fs';
import { credentials, type ChannelCredentials } from '@grpc/grpc-js';
import { CliError, ExitCode } from '../errors';
import { pathErrorText } from '../go/errno';
import type { GlobalConfig } from '../settings';
import type { Security } from './endpoints';

export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  skipVerify: boolean;
  /** The name certificates are checked against instead of the endpoint's host (DNS discovery). */
  serverName?: string;
}

function readPem(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new CliError(ExitCode.BadArgs, pathErrorText('open', path, e));
  }
}

/** undefined: no TLS configuration (plaintext unless the endpoint says https). */
export function loadTls(cfg: GlobalConfig): TlsFiles | undefined {
  for (const name of ['cert', 'key', 'cacert'] as const) {
    if (cfg.changed.has(name) && cfg[name] === '') {
      throw new CliError(ExitCode.BadArgs, `empty string is passed to --${name} option`);
    }
  }
  // With --insecure-discovery=false the discovery domain is the TLS server name, and
  // a server name alone is enough for etcdctl to build a TLS configuration.
  const serverName = cfg.discoverySrv !== '' && !cfg.insecureDiscovery ? cfg.discoverySrv : undefined;
  if (cfg.cert || cfg.key || cfg.cacert || serverName !== undefined) {
    if ((cfg.cert === '') !== (cfg.key === '')) {
      throw new CliError(
        ExitCode.BadArgs,
        `KeyFile and CertFile must both be present[key: ${cfg.key}, cert: ${cfg.cert}]`,
      );
    }
    const files: TlsFiles = {
      skipVerify: cfg.insecureSkipTlsVerify,
      ...(serverName !== undefined ? { serverName } : {}),
    };
    if (cfg.cert) {
      files.cert = readPem(cfg.cert);
      files.key = readPem(cfg.key);
      if (!files.cert.includes('-----BEGIN')) {
        throw new CliError(ExitCode.BadArgs, 'tls: failed to find any PEM data in certificate input');
      }
      if (!files.key.includes('-----BEGIN')) {
        throw new CliError(ExitCode.BadArgs, 'tls: failed to find any PEM data in key input');
      }
    }
    if (cfg.cacert) files.ca = readPem(cfg.cacert);
    return files;
  }
  if (!cfg.insecureTransport || cfg.insecureSkipTlsVerify) return { skipVerify: cfg.insecureSkipTlsVerify };
  return undefined;
}

/** https:// and unixs: always; bare host:port only when a TLS configuration exists. */
export function usesTls(security: Security, tls: TlsFiles | undefined): boolean {
  return security === 'tls' || (security === 'auto' && tls !== undefined);
}

export function channelCredentials(security: Security, tls: TlsFiles | undefined): ChannelCredentials {
  if (!usesTls(security, tls)) return credentials.createInsecure();
  // grpc-js sends the endpoint's host as SNI even when it is an IP address, and Node
  // then prints a DEP0123 deprecation warning on stderr, which etcdctl never prints.
  process.noDeprecation = true;
  const t = tls ?? { skipVerify: false };
  return credentials.createSsl(t.ca ?? null, t.key ?? null, t.cert ?? null, {
    rejectUnauthorized: !t.skipVerify,
    ...(t.skipVerify ? { checkServerIdentity: () => undefined } : {}),
  });
}
