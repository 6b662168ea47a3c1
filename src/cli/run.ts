/**
 * Runs one command line: parse, select, run, and turn every outcome into
 * stderr text and an exit status. The only place errors are printed.
 */
import { CliError, ExitCode, ExitSilently, RawStderrError, RpcError, UsageError } from '../errors';
import type { EtcdCommand } from './command';
import { buildGlobalConfig, DeferredConfigError } from './config';
import type { GlobalConfig } from '../settings';
import { flagOpts, type FlagValue } from './flags';
import { GLOBAL_FLAG_DECLS } from './globals';
import { helpText, usage37 } from './help-37';
import { renderHelp } from './help';
import type { Invocation } from './invocation';
import type { Io } from '../io/io';
import { parseCommandLine, type ParsedCommandLine } from './parse';
import { connectionKey, type InheritedFlags, type RunSession } from '../batch/session';
import { render } from '../output/printer';
import { selectContext } from '../contexts/file';
import { commandDeadline } from '../util/deadline';
import { isExtensionFormat, outputFormatError } from './formats';
import type { EtcdClient } from '../client/client';

function findByPath(root: EtcdCommand, path: string[]): EtcdCommand {
  let c = root;
  for (const name of path) c = c.subcommands.find((s) => s.name() === name) ?? c;
  return c;
}

/** Prints an error the way etcdctl does and returns the exit status. */
export function reportError(e: unknown, root: EtcdCommand, io: Io): number {
  if (e instanceof ExitSilently) return e.code;
  if (e instanceof RawStderrError) {
    io.stderr.write(e.text);
    return e.code;
  }
  if (e instanceof UsageError) {
    const cmd = findByPath(root, e.commandPath);
    if (root.compat === '3.6') {
      io.stderr.write(`Error: ${e.message}\n\n`);
      io.stdout.write(renderHelp(cmd));
    } else {
      // 3.7 (docs/etcdctl-3.7-behaviour.md §1.4, C2): cobra's usage, on stderr, followed by an empty line
      io.stderr.write(`Error: ${e.message}\n${usage37(cmd)}\n`);
    }
    return e.code;
  }
  if (e instanceof CliError) {
    io.stderr.write(`Error: ${e.message}\n`);
    return e.code;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.stderr.write(`Error: ${message}\n`);
  return ExitCode.Error;
}

/**
 * Per-endpoint causes are printed on a terminal, or when ETCDCTLTS_ERROR_CAUSES=1 asks
 * (CI logs); =0 turns them off. A script reading stderr otherwise gets etcdctl's bytes.
 */
function wantsErrorCauses(io: Io): boolean {
  const asked = io.env.ETCDCTLTS_ERROR_CAUSES;
  return asked === '1' || (asked !== '0' && io.stderr.isTTY);
}

/**
 * The per-endpoint transport errors to print after the `Error:` line of e: its own
 * notes (a failed connect), else those a client found diagnosing this very message.
 */
function transportNotes(e: unknown, clients: EtcdClient[]): string[] {
  if (e instanceof CliError && e.notes.length > 0) return e.notes;
  if (!(e instanceof CliError) && !(e instanceof RpcError)) return [];
  for (const c of clients) {
    const notes = c.transportNotes(e.message);
    if (notes.length > 0) return notes;
  }
  return [];
}

/** --discovery-srv: the endpoints found (notices about dropped ones go to stderr). */
async function discovered(cfg: GlobalConfig, io: Io): Promise<string[]> {
  const { discoverEndpoints } = await import('../client/discovery');
  const found = await discoverEndpoints(cfg.discoverySrv, cfg.discoverySrvName, cfg.insecureDiscovery);
  for (const line of found.notices) io.stderr.write(line);
  return found.endpoints;
}

/**
 * etcdctl builds its client configuration in this order: DNS SRV discovery
 * (failure: exit 1), the empty --cert/--key/--cacert check, the password
 * prompt, the -w check. Returns the error to report.
 */
async function discoverAndPromptFirst(e: DeferredConfigError, io: Io): Promise<unknown> {
  const cfg = e.config;
  try {
    if (cfg.discoverySrv !== '') await discovered(cfg, io);
    if (e.error.code === ExitCode.BadFeature) {
      const { resolveCredentials } = await import('./credentials');
      await resolveCredentials(cfg, io);
    }
  } catch (inner) {
    return inner;
  }
  return e.error;
}

/**
 * --context NAME (extension): taken off the command line before parsing, so that no help,
 * completion or --debug listing of etcdctl's ever shows it. Not after `--`.
 */
export function takeContextFlag(argv: string[]): { argv: string[]; context?: string } {
  const out: string[] = [];
  let context: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (a === '--context' && i + 1 < argv.length) context = argv[++i];
    else if (a.startsWith('--context=')) context = a.slice('--context='.length);
    else out.push(a);
  }
  return { argv: out, context };
}

/** Global flags of a batch line that the command line itself does not give. */
function inherit(parsed: ParsedCommandLine, root: EtcdCommand, inherited: InheritedFlags): void {
  for (const f of root.localFlags) {
    if (!f.persistent || parsed.changed.has(f.name) || !inherited.changed.has(f.name)) continue;
    parsed.values.set(f.name, inherited.values.get(f.name) as FlagValue);
    parsed.changed.add(f.name);
  }
}

/**
 * `-w jsonl`/`-w raw` on the command line of a command that does not print it: refused
 * before anything runs, also by the commands that never build a configuration (version),
 * which ignore etcdctl's formats. (From ETCDCTL_WRITE_OUT or a context, the configuration refuses it.)
 */
function refuseExtensionFormat(parsed: ParsedCommandLine): void {
  const format = parsed.values.get('write-out');
  if (!parsed.changed.has('write-out') || typeof format !== 'string' || !isExtensionFormat(format)) return;
  const e = outputFormatError(format, parsed.command);
  if (e) throw e;
}

/**
 * Runs one command line. `session` (batch) supplies inherited global flags and a pool of
 * connections that outlive the command.
 */
export async function runCommandLine(
  root: EtcdCommand,
  argv: string[],
  io: Io,
  session: RunSession = {},
): Promise<number> {
  const clients: EtcdClient[] = [];
  try {
    if (io.env.ETCDCTL_API === '2') {
      throw new CliError(
        ExitCode.Error,
        'the v2 API (ETCDCTL_API=2) is not supported by this etcdctl; unset ETCDCTL_API or set it to 3',
      );
    }
    const { argv: rest, context: contextFlag } = takeContextFlag(argv);
    argv = rest;
    const parsed = parseCommandLine(root, argv);
    if (session.inherited) inherit(parsed, root, session.inherited);
    if (parsed.help || !parsed.command.run) {
      io.stdout.write(helpText(parsed.command));
      return ExitCode.Success;
    }
    refuseExtensionFormat(parsed);
    let config: GlobalConfig | undefined;
    const inv: Invocation = {
      command: parsed.command,
      args: parsed.args,
      argv,
      dashIndex: parsed.dashIndex,
      io,
      globalFlags: flagOpts(GLOBAL_FLAG_DECLS, parsed.values),
      globals(extraEnv, opts) {
        config ??= buildGlobalConfig({
          values: parsed.values,
          changed: parsed.changed,
          env: io.env,
          stderr: io.stderr,
          extraEnv,
          formatFirst: opts?.formatFirst,
          context: selectContext(io.env, contextFlag),
          compat: root.compat,
          command: parsed.command,
        });
        return config;
      },
      async endpoints() {
        const cfg = inv.globals();
        if (cfg.discoverySrv === '') return cfg.endpoints;
        const found = await discovered(cfg, io);
        return found.length > 0 ? found : cfg.endpoints;
      },
      async connect(opts) {
        const { EtcdClient } = await import('../client/client');
        const { resolveCredentials } = await import('./credentials');
        const cfg = inv.globals();
        const endpoints = opts?.endpoints ?? (await inv.endpoints());
        const make = async () => {
          const plan = EtcdClient.plan({ ...cfg, endpoints }, endpoints);
          const credentials = opts?.noAuth ? undefined : (opts?.credentials ?? (await resolveCredentials(cfg, io)));
          const debugLog = cfg.debug ? (line: string) => io.stderr.write(`${line}\n`) : undefined;
          return EtcdClient.connect(plan, { credentials, debugLog });
        };
        // Per-endpoint clients (opts) are made and closed by their command; the others are shared.
        if (session.clients && opts === undefined) {
          const {
            writeOut: _w,
            hex: _h,
            debug: _d,
            commandTimeout: _c,
            changed: _ch,
            sources: _s,
            context: _cx,
            ...shape
          } = cfg;
          return session.clients.get(connectionKey({ ...shape, endpoints }), make);
        }
        const client = await make();
        clients.push(client);
        return client;
      },
      print(renderers, value) {
        const cfg = inv.globals();
        io.stdout.write(render(renderers, cfg.writeOut, value, { hex: cfg.hex, compat: cfg.compat }));
      },
      flagDeadline: () => commandDeadline(inv.globalFlags.commandTimeout),
    };
    await parsed.command.run(inv, parsed.values);
    return ExitCode.Success;
  } catch (caught) {
    const e = caught instanceof DeferredConfigError ? await discoverAndPromptFirst(caught, io) : caught;
    const notes = transportNotes(e, clients);
    const code = reportError(e instanceof RpcError ? new CliError(ExitCode.Error, e.message) : e, root, io);
    if (wantsErrorCauses(io)) for (const line of notes) io.stderr.write(line);
    return code;
  } finally {
    for (const c of clients) c.close();
  }
}
