/**
 * Contexts (extension): named sets of connection settings in a YAML file under
 * $XDG_CONFIG_HOME/etcdctl-ts/config.yaml, or the path in ETCDCTLTS_CONFIG (not an
 * ETCDCTL_* name: etcdctl warns about unknown ETCDCTL_* variables). The file is read
 * only when a context could apply (it exists, or --context names one).
 */
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { execSync } from 'node:child_process';
import { CliError, ExitCode } from '../errors';
import { parseCompat, type Compat } from '../compat';

/** The settings a context may hold, by global flag name (password-* are resolved to `password`). */
export const CONTEXT_KEYS = [
  'endpoints',
  'cacert',
  'cert',
  'key',
  'insecure-transport',
  'insecure-skip-tls-verify',
  'user',
  'password-file',
  'password-command',
  'dial-timeout',
  'command-timeout',
  'write-out',
  // not a flag: the etcdctl line (3.7 or 3.6) when ETCDCTLTS_COMPAT is unset (src/compat.ts)
  'compat',
] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];
export type Context = Partial<Record<ContextKey, string>>;

export interface ConfigFile {
  path: string;
  currentContext: string;
  contexts: Map<string, Context>;
}

export function configPath(env: NodeJS.ProcessEnv): string {
  if (env.ETCDCTLTS_CONFIG) return env.ETCDCTLTS_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'etcdctl-ts', 'config.yaml');
}

function fail(path: string, line: number | undefined, msg: string): CliError {
  return new CliError(ExitCode.ConfigFile, `config file ${path}: ${line ? `line ${line}: ` : ''}${msg}`);
}

/** The config file, or undefined when there is none. Errors name the file and line (exit 14). */
export function loadConfig(env: NodeJS.ProcessEnv): ConfigFile | undefined {
  const path = configPath(env);
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw fail(path, undefined, (e as Error).message);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  const lc = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw fail(path, lc.linePos(err.pos[0]).line, err.message.split('\n')[0]);
  }
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as { range?: [number] } | null)?.range;
    return range ? lc.linePos(range[0]).line : undefined;
  };
  const root = doc.contents;
  const out: ConfigFile = { path, currentContext: '', contexts: new Map() };
  if (root === null) return out;
  if (!YAML.isMap(root)) throw fail(path, lineOf(root), 'expected a mapping with current-context and contexts');
  for (const item of root.items) {
    const k = String((item.key as { value?: unknown })?.value);
    if (k === 'current-context') out.currentContext = String((item.value as { value?: unknown })?.value ?? '');
    else if (k === 'contexts') {
      if (item.value === null) continue;
      if (!YAML.isMap(item.value))
        throw fail(path, lineOf(item.value ?? item.key), 'contexts must be a mapping of names to settings');
      for (const c of item.value.items) {
        const name = String((c.key as { value?: unknown })?.value);
        const ctx: Context = {};
        if (c.value !== null && !YAML.isMap(c.value))
          throw fail(path, lineOf(c.value), `context ${JSON.stringify(name)} must be a mapping`);
        for (const s of (c.value as { items?: typeof root.items } | null)?.items ?? []) {
          const key = String((s.key as { value?: unknown })?.value);
          if (key === 'password')
            throw fail(
              path,
              lineOf(s.key),
              'passwords are never stored in the config file: use password-file (mode 0600) or password-command',
            );
          if (!(CONTEXT_KEYS as readonly string[]).includes(key))
            throw fail(
              path,
              lineOf(s.key),
              `unknown setting ${JSON.stringify(key)} in context ${JSON.stringify(name)}`,
            );
          const v = s.value as { value?: unknown; items?: { value?: unknown }[] } | null;
          const text = v?.items ? v.items.map((i) => String(i.value)).join(',') : String(v?.value ?? '');
          if (key === 'compat' && !parseCompat(text))
            throw fail(path, lineOf(s.key), `compat must be 3.7 or 3.6, not ${JSON.stringify(text)}`);
          ctx[key as ContextKey] = key === 'compat' ? parseCompat(text) : text;
        }
        out.contexts.set(name, ctx);
      }
    } else throw fail(path, lineOf(item.key), `unknown key ${JSON.stringify(k)}`);
  }
  return out;
}

/** Context names for live completion (never throws: [] when the file is missing or broken). */
export function listContextNames(env: NodeJS.ProcessEnv): string[] {
  try {
    return [...(loadConfig(env)?.contexts.keys() ?? [])].sort();
  } catch {
    return [];
  }
}

export function saveConfig(cfg: ConfigFile): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  const contexts: Record<string, Context> = {};
  for (const [n, c] of cfg.contexts) contexts[n] = c;
  mkdirSync(dirname(cfg.path), { recursive: true });
  writeFileSync(cfg.path, YAML.stringify({ 'current-context': cfg.currentContext, contexts }), { mode: 0o600 });
}

/** The context a command line selects: --context, else current-context (undefined: none). */
export function selectContext(
  env: NodeJS.ProcessEnv,
  name: string | undefined,
): { name: string; ctx: Context; path: string } | undefined {
  if (name === undefined && !existsSync(configPath(env))) return undefined;
  const cfg = loadConfig(env);
  const wanted = name ?? cfg?.currentContext ?? '';
  if (wanted === '') return undefined;
  const ctx = cfg?.contexts.get(wanted);
  if (!ctx)
    throw new CliError(
      ExitCode.ConfigFile,
      `config file ${configPath(env)}: no context named ${JSON.stringify(wanted)}`,
    );
  return { name: wanted, ctx, path: configPath(env) };
}

/**
 * The etcdctl line the selected context asks for (its `compat`), read at start-up. Undefined
 * when there is no config file (the YAML parser is then never loaded), no selected context,
 * no such setting, or a file that cannot be used: a malformed file never breaks `version`,
 * `help` or completion; a command that uses the settings reports it (exit 14).
 */
export function contextCompat(env: NodeJS.ProcessEnv, name: string | undefined): Compat | undefined {
  try {
    return parseCompat(selectContext(env, name)?.ctx.compat ?? '');
  } catch {
    return undefined;
  }
}

/** The password a context supplies: from a 0600 file, or a command's stdout. */
export function contextPassword(ctx: Context): string | undefined {
  const file = ctx['password-file'];
  if (file) {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new CliError(
        ExitCode.ConfigFile,
        `password file ${file} has mode ${mode.toString(8).padStart(4, '0')}: refusing to use it (it must be 0600, readable only by you)`,
      );
    }
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  }
  const cmd = ctx['password-command'];
  if (cmd) {
    try {
      return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).replace(/\r?\n$/, '');
    } catch {
      throw new CliError(ExitCode.ConfigFile, `password-command of the context failed`);
    }
  }
  return undefined;
}
