/**
 * The command tree: commander Commands extended with what etcdctl's cobra
 * commands carry (Use line, Long text, examples, pflag flags, a run function).
 * The tree is the single source for parsing, help, completions and man pages.
 */
import { Command } from 'commander';
import { EtcdFlag, type FlagSpec } from './flags';
import type { Invocation } from './invocation';

/** A command's action. It returns nothing (success) or throws a CliError. */
export type RunFn = (inv: Invocation) => Promise<void>;

export interface CommandDef {
  /** cobra's Use: the name, then free text (`get [options] <key> [range_end]`). */
  use: string;
  short: string;
  long?: string;
  example?: string;
  flags?: FlagSpec[];
  run?: RunFn;
  /**
   * Not an etcdctl command (ls, tree): listed in root help's trailing EXTENSION COMMANDS
   * section only, matched by its exact name only (never a prefix or a suggestion), and
   * left out of the generated completion scripts, so that etcdctl's texts stay identical.
   */
  extension?: boolean;
  /** cobra DisableFlagsInUseLine (completion). */
  disableFlagsInUseLine?: boolean;
  subcommands?: EtcdCommand[];
}

export class EtcdCommand extends Command {
  readonly use: string;
  readonly short: string;
  readonly long: string | undefined;
  readonly example: string | undefined;
  readonly run: RunFn | undefined;
  readonly disableFlagsInUseLine: boolean;
  readonly extension: boolean;

  constructor(def: CommandDef) {
    super(def.use.split(' ')[0]);
    this.use = def.use;
    this.short = def.short;
    this.long = def.long;
    this.example = def.example;
    this.run = def.run;
    this.disableFlagsInUseLine = def.disableFlagsInUseLine ?? false;
    this.extension = def.extension ?? false;
    this.description(def.short);
    this.helpOption(false);
    for (const f of def.flags ?? []) this.addOption(new EtcdFlag(f));
    for (const sub of def.subcommands ?? []) this.addCommand(sub);
  }

  get etcdParent(): EtcdCommand | undefined {
    return this.parent instanceof EtcdCommand ? this.parent : undefined;
  }

  get subcommands(): EtcdCommand[] {
    return this.commands.filter((c): c is EtcdCommand => c instanceof EtcdCommand);
  }

  /** Flags declared on this command (including its persistent ones). */
  get localFlags(): FlagSpec[] {
    return this.options.filter((o): o is EtcdFlag => o instanceof EtcdFlag).map((o) => o.spec);
  }

  /** Persistent flags of all ancestors, nearest first. */
  get inheritedFlags(): FlagSpec[] {
    const out: FlagSpec[] = [];
    for (let p = this.etcdParent; p; p = p.etcdParent) {
      for (const f of p.localFlags) if (f.persistent) out.push(f);
    }
    return out;
  }

  /** Names from the root's child down to this command (`['lease', 'grant']`). */
  get path(): string[] {
    const names: string[] = [];
    for (let c: EtcdCommand | undefined = this; c?.etcdParent; c = c.etcdParent) names.unshift(c.name());
    return names;
  }

  get root(): EtcdCommand {
    let c: EtcdCommand = this;
    while (c.etcdParent) c = c.etcdParent;
    return c;
  }

  /** `etcdctl lease grant`. */
  get commandPath(): string {
    return [this.root.name(), ...this.path].join(' ');
  }

  get runnable(): boolean {
    return this.run !== undefined;
  }
}

export function defineCommand(def: CommandDef): EtcdCommand {
  return new EtcdCommand(def);
}
