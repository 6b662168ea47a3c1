/**
 * What a command's run function receives besides its own flags: its positional
 * arguments, the global flags (command line and defaults only; ETCDCTL_* variables are applied
 * lazily by globals(), as etcdctl does), the process streams and environment.
 */
import type { EtcdCommand } from './command';
import type { GlobalConfig } from '../settings';
import type { GlobalFlags } from './globals';
import type { Io } from '../io/io';
import type { KindRenderers } from '../output/printer';
import type { Credentials, EtcdClient } from '../client/client';

export interface ConnectOptions {
  /** Use these endpoints instead of the configured list (per-endpoint commands). */
  endpoints?: string[];
  /** Skip authentication (client used only to read the endpoint list, say). */
  noAuth?: boolean;
  /**
   * Credentials resolved beforehand (cli/credentials.ts), so that several clients of one
   * command (per-endpoint clients) share one password prompt, as etcdctl's do.
   */
  credentials?: Credentials;
}

export interface Invocation {
  command: EtcdCommand;
  /** Positional arguments, flags removed (after `--` everything is positional). */
  args: string[];
  /** The raw process arguments after the program name. */
  argv: string[];
  /** Index in `args` where the arguments after a literal `--` begin, or -1. */
  dashIndex: number;
  /**
   * The global flags from the command line or their defaults; never from the environment.
   * (A command's own flags come to its run function as `opts`.)
   */
  globalFlags: GlobalFlags;
  io: Io;
  /**
   * Builds the global configuration once: applies ETCDCTL_* variables, prints the
   * --debug listing, validates -w. etcdctl does this at a precise point of each
   * command (docs/etcdctl-behaviour.md §3.7), so commands call it explicitly.
   */
  globals(extraEnv?: readonly string[], opts?: { formatFirst?: boolean }): GlobalConfig;
  /**
   * The endpoints a client of this command talks to: the DNS SRV discovery results
   * (--discovery-srv; a failed lookup ends the command, exit 1), else --endpoints.
   */
  endpoints(): Promise<string[]>;
  /** Creates a client (loads the gRPC layer on first use). Closed when the command ends. */
  connect(opts?: ConnectOptions): Promise<EtcdClient>;
  /** Renders a result in the configured -w format and writes it to stdout. */
  print<T>(renderers: KindRenderers<T>, value: T): void;
  /** Deadline from --command-timeout as given on the command line (env ignored, docs/etcdctl-behaviour.md §3.2.2). */
  flagDeadline(): number | undefined;
}
