/**
 * The settings of one run, as the client and the printers see them: built by
 * cli/config.ts from the global flags and ETCDCTL_* variables.
 */

import type { Compat } from './compat';

export const OUTPUT_FORMATS = ['simple', 'json', 'fields', 'protobuf', 'table'] as const;
/**
 * Output formats etcdctl does not have (README "JSON lines and raw output"): accepted by -w,
 * ETCDCTL_WRITE_OUT and a context only for the commands that declare them (CommandDef.formats),
 * never listed in help or completions.
 */
export const EXTENSION_FORMATS = ['jsonl', 'raw'] as const;
export type ExtensionFormat = (typeof EXTENSION_FORMATS)[number];
export type OutputFormat = (typeof OUTPUT_FORMATS)[number] | ExtensionFormat;

export interface GlobalConfig {
  endpoints: string[];
  /** --auth-jwt-token (3.7): a static token; when set, user and password are ignored. */
  authJwtToken: string;
  debug: boolean;
  writeOut: OutputFormat;
  hex: boolean;
  /** Durations in nanoseconds. */
  dialTimeout: bigint;
  commandTimeout: bigint;
  keepaliveTime: bigint;
  keepaliveTimeout: bigint;
  maxRequestBytes: bigint;
  maxRecvBytes: bigint;
  insecureTransport: boolean;
  insecureDiscovery: boolean;
  insecureSkipTlsVerify: boolean;
  cert: string;
  key: string;
  cacert: string;
  user: string;
  password: string;
  discoverySrv: string;
  discoverySrvName: string;
  /** Global flags set by the command line or by a non-empty environment variable that parses. */
  changed: ReadonlySet<string>;
  /** Where each set global came from (extension, `config view --resolved`); absent: default. */
  sources?: ReadonlyMap<string, 'flag' | 'env' | 'context' | 'default'>;
  /** The context in use (extension). */
  context?: string;
  /** The etcdctl line reproduced (src/compat.ts). */
  compat: Compat;
}
