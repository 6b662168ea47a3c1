/**
 * The global configuration, built lazily as etcdctl does (docs/etcdctl-behaviour.md §3.2.2): the
 * ETCDCTL_* variables are applied at this moment, the --debug listing printed
 * and the output format validated.
 */
import { CliError, ExitCode } from '../errors';
import { envName, globalFlagsOf } from './globals';
import { flagValueString, parseFlagValue, zeroValue, type FlagSpec, type FlagValue } from './flags';
import type { Output } from '../output/stream';
import { contextPassword, type Context } from '../contexts/file';
import { DEFAULT_COMPAT, type Compat } from '../compat';
import type { GlobalConfig, OutputFormat } from '../settings';
import type { EtcdCommand } from './command';
import { outputFormatError } from './formats';

export interface ConfigInput {
  values: ReadonlyMap<string, FlagValue>;
  changed: ReadonlySet<string>;
  env: NodeJS.ProcessEnv;
  stderr: Output;
  /** Extra variables a command recognises (watch: ETCDCTL_WATCH_KEY, ETCDCTL_WATCH_RANGE_END). */
  extraEnv?: readonly string[];
  /**
   * Validate -w right after applying the environment, before the --debug listing
   * and the other checks (etcdctl's endpoint health selects its printer first).
   */
  formatFirst?: boolean;
  /** The selected context (extension): supplies settings no flag or variable gives. */
  context?: { name: string; ctx: Context };
  /** The etcdctl line of the run (default: the default line). */
  compat?: Compat;
  /** The command run: the extension -w formats it takes (cli/formats.ts); none without it. */
  command?: EtcdCommand;
}

/**
 * ETCDCTL_* variables etcdctl reports as unrecognized: neither a global flag's of the line
 * nor a command's extra name, or a known name with an empty value (not used).
 */
export function unrecognizedEnv(
  env: NodeJS.ProcessEnv,
  extra: readonly string[] = [],
  compat: Compat = DEFAULT_COMPAT,
): string[] {
  const known = new Set([...globalFlagsOf(compat).map((f) => envName(f.name)), ...extra, 'ETCDCTL_API']);
  return Object.keys(env).filter((k) => k.startsWith('ETCDCTL_') && (!known.has(k) || env[k] === ''));
}

const SECRET_FLAGS = new Set(['password', 'auth-jwt-token']);

/** The value shown in --debug output: passwords and tokens never appear (a deliberate difference). */
function debugValue(spec: FlagSpec, value: FlagValue): string {
  const text = flagValueString(spec, value);
  if (text === '') return text;
  if (SECRET_FLAGS.has(spec.name)) return '<redacted>';
  if (spec.name === 'user' && text.includes(':')) return `${text.slice(0, text.indexOf(':'))}:<redacted>`;
  return text;
}

export function buildGlobalConfig(input: ConfigInput): GlobalConfig {
  const values = new Map(input.values);
  const changed = new Set(input.changed);
  const compat = input.compat ?? DEFAULT_COMPAT;
  const globals = globalFlagsOf(compat).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const spec of globals) {
    const name = envName(spec.name);
    const raw = input.env[name];
    if (input.changed.has(spec.name)) {
      if (raw !== undefined) {
        throw new CliError(
          ExitCode.Error,
          `conflicting environment variable ${JSON.stringify(name)} is shadowed by corresponding command-line flag (either unset environment variable or disable flag)`,
        );
      }
      continue;
    }
    if (raw === undefined || raw === '') continue;
    // pflag's FlagSet.Set: a value that does not parse leaves the type's zero value and
    // does not mark the flag as set (snapshot save then has no timeout).
    try {
      values.set(spec.name, parseFlagValue(spec, raw));
      changed.add(spec.name);
    } catch {
      values.set(spec.name, zeroValue(spec));
    }
  }

  const sources = new Map<string, SettingSource>();
  for (const n of changed) sources.set(n, input.changed.has(n) ? 'flag' : 'env');
  if (input.context) applyContext(input.context.ctx, globals, values, changed, sources);

  const get = <T extends FlagValue>(n: string): T => values.get(n) as T;
  if (input.formatFirst) {
    const bad = outputFormatError(get<string>('write-out'), input.command);
    if (bad) throw bad;
  }
  if (get<boolean>('debug')) {
    const names = [
      ...globals.map((g) => ({ spec: g, name: envName(g.name) })),
      ...(input.extraEnv ?? []).map((n) => ({ spec: undefined, name: n })),
    ];
    names.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const { spec, name } of names) {
      // A command's extra names are value-less placeholders in etcdctl: always listed empty.
      const shown = spec ? debugValue(spec, get(spec.name)) : '';
      input.stderr.write(`${name}=${shown}\n`);
    }
    for (const k of unrecognizedEnv(input.env, input.extraEnv, compat)) {
      input.stderr.write(`unrecognized environment variable ${k}\n`);
    }
  }

  const writeOut = get<string>('write-out');
  const cfg: GlobalConfig = {
    endpoints: get('endpoints'),
    authJwtToken: (values.get('auth-jwt-token') as string | undefined) ?? '',
    debug: get('debug'),
    writeOut: writeOut as OutputFormat,
    hex: get('hex'),
    dialTimeout: get('dial-timeout'),
    commandTimeout: get('command-timeout'),
    keepaliveTime: get('keepalive-time'),
    keepaliveTimeout: get('keepalive-timeout'),
    maxRequestBytes: get('max-request-bytes'),
    maxRecvBytes: get('max-recv-bytes'),
    insecureTransport: get('insecure-transport'),
    insecureDiscovery: get('insecure-discovery'),
    insecureSkipTlsVerify: get('insecure-skip-tls-verify'),
    cert: get('cert'),
    key: get('key'),
    cacert: get('cacert'),
    user: get('user'),
    password: get('password'),
    discoverySrv: get('discovery-srv'),
    discoverySrvName: get('discovery-srv-name'),
    changed,
    sources,
    context: input.context?.name,
    compat,
  };
  const late = lateConfigError(cfg, input.changed, input.command);
  if (late) throw needsDiscoveryOrPrompt(cfg) ? new DeferredConfigError(late, cfg) : late;
  return cfg;
}

export type SettingSource = 'flag' | 'env' | 'context' | 'default';

/** Sets each value of the context whose setting neither a flag nor a variable gave. */
function applyContext(
  ctx: Context,
  globals: readonly FlagSpec[],
  values: Map<string, FlagValue>,
  changed: Set<string>,
  sources: Map<string, SettingSource>,
): void {
  for (const spec of globals) {
    const raw = ctx[spec.name as keyof Context];
    if (raw === undefined || changed.has(spec.name)) continue;
    try {
      values.set(spec.name, parseFlagValue(spec, raw));
    } catch {
      throw new CliError(ExitCode.ConfigFile, `context setting ${spec.name}: invalid value ${JSON.stringify(raw)}`);
    }
    changed.add(spec.name);
    sources.set(spec.name, 'context');
  }
  if (
    !changed.has('password') &&
    !String(values.get('user') ?? '').includes(':') &&
    sources.get('user') !== 'flag' &&
    sources.get('user') !== 'env'
  ) {
    const password = contextPassword(ctx);
    if (password !== undefined) {
      values.set('password', password);
      changed.add('password');
      sources.set('password', 'context');
    }
  }
}

/**
 * The checks etcdctl makes at the end of building its client configuration
 * (clientConfigFromCmd, docs/etcdctl-behaviour.md §3.7): an empty --cert/--key/--cacert (exit 128),
 * then the -w value (exit 4).
 */
function lateConfigError(
  cfg: GlobalConfig,
  changedOnCommandLine: ReadonlySet<string>,
  command: EtcdCommand | undefined,
): CliError | undefined {
  for (const name of ['cert', 'key', 'cacert'] as const) {
    if (changedOnCommandLine.has(name) && cfg[name] === '') {
      return new CliError(ExitCode.BadArgs, `empty string is passed to --${name} option`);
    }
  }
  return outputFormatError(cfg.writeOut, command);
}

/**
 * --discovery-srv lookups, or a --user without password (prompt), come before the late
 * checks. A token (3.7) makes etcdctl ignore --user: no prompt.
 */
function needsDiscoveryOrPrompt(cfg: GlobalConfig): boolean {
  const prompts = cfg.authJwtToken === '' && cfg.user !== '' && cfg.password === '' && !cfg.user.includes(':');
  return cfg.discoverySrv !== '' || prompts;
}

/**
 * A late configuration error (lateConfigError) that etcdctl reports only after
 * its DNS SRV discovery (whose failure wins, exit 1) and, for the -w error, its
 * password prompt. Both are asynchronous: runCommandLine performs them before
 * reporting `error` (nothing else happens in between, so the order is etcdctl's).
 * Not a CliError, so that no command turns it into an error of its own.
 */
export class DeferredConfigError extends Error {
  constructor(
    readonly error: CliError,
    readonly config: GlobalConfig,
  ) {
    super(error.message);
    this.name = 'DeferredConfigError';
  }
}
