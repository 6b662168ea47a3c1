/**
 * config (extension): contexts in the config file (src/contexts/file.ts).
 *   get-contexts, current-context, use-context NAME, set-context NAME --endpoints ...,
 *   delete-context NAME, view [--resolved]
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { flag, type FlagOpts } from '../cli/flags';
import type { Invocation } from '../cli/invocation';
import { GLOBAL_FLAGS, globalFlagsOf } from '../cli/globals';
import { flagValueString, type FlagValue } from '../cli/flags';
import { CliError, ExitCode, badArgs } from '../errors';
import { compatFromEnv, parseCompat } from '../compat';
import {
  CONTEXT_KEYS,
  configPath,
  loadConfig,
  saveConfig,
  type ConfigFile,
  type Context,
  type ContextKey,
} from '../contexts/file';

function oneName(inv: Invocation): string {
  if (inv.args.length !== 1) throw badArgs(`config ${inv.command.name()} takes one argument (a context name)`);
  return inv.args[0];
}

function loadOrNew(inv: Invocation): ConfigFile {
  return loadConfig(inv.io.env) ?? { path: configPath(inv.io.env), currentContext: '', contexts: new Map() };
}

/** set-context's own flags; the other settings come from the global flags of the same name. */
const SET_FLAGS = {
  passwordFile: flag.string('file holding the password (must be mode 0600)', ''),
  passwordCommand: flag.string('command whose stdout is the password', ''),
  compat: flag.string('etcdctl line of this context when ETCDCTLTS_COMPAT is unset: 3.7 or 3.6', ''),
};

/** Whether the command line gives the global flag `name` (set-context stores only those). */
function given(argv: readonly string[], name: string, short?: string): boolean {
  return argv.some(
    (a) => a === `--${name}` || a.startsWith(`--${name}=`) || (short !== undefined && a.startsWith(`-${short}`)),
  );
}

async function setContext(inv: Invocation, opts: FlagOpts<typeof SET_FLAGS>): Promise<void> {
  const name = oneName(inv);
  const cfg = loadOrNew(inv);
  const ctx: Context = { ...(cfg.contexts.get(name) ?? {}) };
  const dash = inv.argv.indexOf('--');
  const argv = dash >= 0 ? inv.argv.slice(0, dash) : inv.argv;
  const values = inv.globalFlags as unknown as Record<string, FlagValue>;
  for (const spec of GLOBAL_FLAGS) {
    if (!(CONTEXT_KEYS as readonly string[]).includes(spec.name) || !given(argv, spec.name, spec.short)) continue;
    const camel = spec.name.replace(/-(.)/g, (_, c: string) => c.toUpperCase());
    const v = values[camel];
    ctx[spec.name as ContextKey] = Array.isArray(v) ? v.join(',') : flagValueString(spec, v);
  }
  if (opts.passwordFile) ctx['password-file'] = opts.passwordFile;
  if (opts.passwordCommand) ctx['password-command'] = opts.passwordCommand;
  if (opts.compat) {
    const line = parseCompat(opts.compat);
    if (!line) throw badArgs(`--compat must be 3.7 or 3.6, not ${JSON.stringify(opts.compat)}`);
    ctx.compat = line;
  }
  cfg.contexts.set(name, ctx);
  saveConfig(cfg);
  inv.io.stdout.write(`Context ${JSON.stringify(name)} set.\n`);
}

async function view(inv: Invocation, opts: { resolved: boolean }): Promise<void> {
  if (!opts.resolved) {
    const cfg = loadConfig(inv.io.env);
    if (!cfg) throw new CliError(ExitCode.ConfigFile, `config file ${configPath(inv.io.env)}: does not exist`);
    const lines = [`current-context: ${cfg.currentContext}`, 'contexts:'];
    for (const [n, c] of cfg.contexts) {
      lines.push(`  ${n}:`);
      for (const [k, v] of Object.entries(c)) lines.push(`    ${k}: ${v}`);
    }
    inv.io.stdout.write(`${lines.join('\n')}\n`);
    return;
  }
  const g = inv.globals();
  const shown = new Map<string, string>();
  for (const spec of globalFlagsOf(inv.command.compat)) {
    const camel = spec.name.replace(/-(.)/g, (_, c: string) => c.toUpperCase()) as keyof typeof g;
    const v = g[camel];
    if (v === undefined || (typeof v === 'object' && !Array.isArray(v))) continue;
    const secret = spec.name === 'password' || spec.name === 'auth-jwt-token';
    shown.set(spec.name, secret ? (v === '' ? '' : '<redacted>') : flagValueString(spec, v as never));
  }
  // the line in use, and where it was chosen (src/compat.ts)
  const ctxCompat = g.context ? loadConfig(inv.io.env)?.contexts.get(g.context)?.compat : undefined;
  const compat = compatFromEnv(inv.io.env, () => parseCompat(ctxCompat ?? ''));
  shown.set('compat', inv.command.compat);
  inv.io.stdout.write(`context: ${g.context ?? '(none)'}\n`);
  for (const [n, v] of [...shown].sort()) {
    inv.io.stdout.write(
      `${n}=${n === 'user' && v.includes(':') ? `${v.slice(0, v.indexOf(':'))}:<redacted>` : v}\t(${n === 'compat' ? compat.source : (g.sources?.get(n) ?? 'default')})\n`,
    );
  }
}

export function configCommand(): EtcdCommand {
  return defineCommand({
    use: 'config <subcommand>',
    short: 'Named contexts of connection settings (extension)',
    extension: true,
    subcommands: [
      defineCommand({
        use: 'get-contexts',
        short: 'Lists the contexts (* marks the current one)',
        async run(inv) {
          const cfg = loadConfig(inv.io.env);
          for (const n of [...(cfg?.contexts.keys() ?? [])].sort())
            inv.io.stdout.write(`${n === cfg?.currentContext ? '*' : ' '} ${n}\n`);
        },
      }),
      defineCommand({
        use: 'current-context',
        short: 'Prints the current context',
        async run(inv) {
          const cur = loadConfig(inv.io.env)?.currentContext ?? '';
          if (cur === '') throw new CliError(ExitCode.Error, 'current-context is not set');
          inv.io.stdout.write(`${cur}\n`);
        },
      }),
      defineCommand({
        use: 'use-context <name>',
        short: 'Sets the current context',
        async run(inv) {
          const name = oneName(inv);
          const cfg = loadOrNew(inv);
          if (!cfg.contexts.has(name))
            throw new CliError(
              ExitCode.ConfigFile,
              `config file ${cfg.path}: no context named ${JSON.stringify(name)}`,
            );
          cfg.currentContext = name;
          saveConfig(cfg);
          inv.io.stdout.write(`Switched to context ${JSON.stringify(name)}.\n`);
        },
      }),
      defineCommand({
        use: 'set-context <name>',
        short: 'Creates or updates a context',
        flags: SET_FLAGS,
        run: setContext,
      }),
      defineCommand({
        use: 'delete-context <name>',
        short: 'Deletes a context',
        async run(inv) {
          const name = oneName(inv);
          const cfg = loadOrNew(inv);
          if (!cfg.contexts.delete(name))
            throw new CliError(
              ExitCode.ConfigFile,
              `config file ${cfg.path}: no context named ${JSON.stringify(name)}`,
            );
          if (cfg.currentContext === name) cfg.currentContext = '';
          saveConfig(cfg);
          inv.io.stdout.write(`Deleted context ${JSON.stringify(name)}.\n`);
        },
      }),
      defineCommand({
        use: 'view',
        short: 'Prints the config file, or with --resolved the effective settings and their sources',
        flags: {
          resolved: flag.bool('effective settings of this command line: flag / env / context / default', false),
        },
        run: view,
      }),
    ],
  });
}
