/**
 * The command tree: commander Commands extended with what etcdctl's cobra
 * commands carry (Use line, Long text, examples, pflag flags, a run function).
 * The tree is the single source for parsing, help, completions and man pages.
 */
import { Command } from 'commander';
import { EtcdFlag, flagOpts, flagSpecs, type FlagDecls, type FlagOpts, type FlagSpec, type FlagValue } from './flags';
import type { Invocation } from './invocation';
import { DEFAULT_COMPAT, hasSince, type Compat } from '../compat';
import type { ExtensionFormat } from '../settings';

/** A command's action, given its flags' values typed by their declaration. It returns nothing (success) or throws a CliError. */
export type RunFn<D extends FlagDecls> = (inv: Invocation, opts: FlagOpts<D>) => Promise<void>;

type NoFlags = Record<never, never>;

/** What the tree runs: the action with the parsed values (by flag name) of the command line. */
type BoundRun = (inv: Invocation, values: ReadonlyMap<string, FlagValue>) => Promise<void>;

export interface CommandDef<D extends FlagDecls = NoFlags, I extends FlagDecls = NoFlags> {
  /** cobra's Use: the name, then free text (`get [options] <key> [range_end]`). */
  use: string;
  short: string;
  long?: string;
  example?: string;
  /** The command's flags, in help order: `{ keysOnly: flag.bool('Get only the keys') }`. */
  flags?: D;
  /** Persistent flags of a parent group (not the global ones) this command's run reads: they come in `opts` too. */
  inherits?: I;
  run?: RunFn<D & I>;
  /**
   * Not an etcdctl command (ls, tree): listed in root help's trailing EXTENSION COMMANDS
   * section only, matched by its exact name only (never a prefix or a suggestion), and
   * left out of the generated completion scripts, so that etcdctl's texts stay identical.
   */
  extension?: boolean;
  /** cobra DisableFlagsInUseLine (completion). */
  disableFlagsInUseLine?: boolean;
  subcommands?: EtcdCommand[];
  /** The root only: the etcdctl line this tree reproduces (src/compat.ts). */
  compat?: Compat;
  /** The etcdctl line that added the command (`options`: 3.7): absent from earlier lines' trees. */
  since?: Compat;
  /**
   * The extension -w formats the command prints (`['jsonl']`): any other command refuses
   * them (cli/formats.ts). etcdctl's five formats are every command's, as in etcdctl.
   */
  formats?: readonly ExtensionFormat[];
  /**
   * Texts a later etcdctl line changed, by line: `{ '3.7': { short: '…' } }`. The plain
   * `short`/`long`/`example` are the 3.6 texts; a tree of line L shows `texts[L]` over them.
   */
  texts?: Partial<Record<Compat, CommandTexts>>;
  /**
   * The root only: its children's help groups (3.7 root listing), in listing order. Every
   * etcdctl child belongs to one; extension commands are listed in a group of their own.
   */
  groups?: HelpGroup[];
}

/** The help texts of a command that a line may change. */
export interface CommandTexts {
  short?: string;
  long?: string;
  example?: string;
}

/** A titled group of root children in the 3.7 root help (cobra's Group). */
export interface HelpGroup {
  title: string;
  /** Names of the root children in the group (listed sorted by name). */
  commands: string[];
}

/**
 * The Short of a group command, 3.6 and 3.7 (docs/etcdctl-3.7-behaviour.md §1.2, C4): 3.7 listings show it with a
 * hint to the group's own help, and its help header (Long) is the plain Short.
 *   defineCommand({ use: 'alarm <subcommand>', ...groupShort('alarm', 'Alarm related commands'), … })
 */
export function groupShort(name: string, short: string): { short: string; texts: CommandDef['texts'] } {
  return {
    short,
    texts: { '3.7': { short: `${short}. Use \`etcdctl ${name} --help\` to see subcommands`, long: short } },
  };
}

export class EtcdCommand extends Command {
  readonly use: string;
  readonly run: BoundRun | undefined;
  readonly disableFlagsInUseLine: boolean;
  /** Names of the parents' persistent flags the run function reads (`inherits`). */
  readonly inheritedNames: string[];
  readonly extension: boolean;
  readonly since: Compat | undefined;
  readonly groups: readonly HelpGroup[];
  readonly formats: readonly ExtensionFormat[];
  private readonly ownCompat: Compat | undefined;
  private readonly texts: CommandDef['texts'];
  private readonly base: CommandTexts;

  constructor(def: CommandDef<FlagDecls>) {
    super(def.use.split(' ')[0]);
    this.use = def.use;
    this.base = { short: def.short, long: def.long, example: def.example };
    this.texts = def.texts;
    this.groups = def.groups ?? [];
    const { run, flags, inherits } = def;
    this.inheritedNames = flagSpecs(inherits ?? {}).map((f) => f.name);
    this.run = run && ((inv, values) => run(inv, flagOpts({ ...inherits, ...flags }, values)));
    this.disableFlagsInUseLine = def.disableFlagsInUseLine ?? false;
    this.extension = def.extension ?? false;
    this.ownCompat = def.compat;
    this.since = def.since;
    this.formats = def.formats ?? [];
    this.description(def.short);
    this.helpOption(false);
    for (const f of flagSpecs(def.flags ?? {})) this.addOption(new EtcdFlag(f));
    for (const sub of def.subcommands ?? []) this.addCommand(sub);
    if (def.compat) fitToLine(this, def.compat);
  }

  /** The texts of the tree's line (`texts`), else the 3.6 ones. */
  private lineText(field: keyof CommandTexts): string | undefined {
    const own = this.texts?.[this.compat];
    return own && field in own ? own[field] : this.base[field];
  }

  /** cobra Short: the one-line description of command listings. */
  get short(): string {
    return this.lineText('short') ?? '';
  }

  /** cobra Long: the help header (Short when absent). */
  get long(): string | undefined {
    return this.lineText('long');
  }

  get example(): string | undefined {
    return this.lineText('example');
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
    if (!this.etcdParent) return [];
    const names = [this.name()];
    for (let p = this.etcdParent; p.etcdParent; p = p.etcdParent) names.unshift(p.name());
    return names;
  }

  get root(): EtcdCommand {
    return this.etcdParent ? this.etcdParent.root : this;
  }

  /** `etcdctl lease grant`. */
  get commandPath(): string {
    return [this.root.name(), ...this.path].join(' ');
  }

  /** The etcdctl line (3.6 or 3.7) the whole tree reproduces, set on its root. */
  get compat(): Compat {
    return this.root.ownCompat ?? DEFAULT_COMPAT;
  }

  /**
   * Whether help and completion leave flag `f` out: a hidden flag, and from 3.7 on every
   * global flag (docs/etcdctl-3.7-behaviour.md §2.1; they still parse everywhere, `options` lists them).
   */
  hidesFlag(f: FlagSpec): boolean {
    return f.hidden === true || (this.compat !== '3.6' && this.root.localFlags.includes(f));
  }

  get runnable(): boolean {
    return this.run !== undefined;
  }
}

/** Fits a tree to the etcdctl line `compat`: takes out the commands and flags a later line added. */
function fitToLine(cmd: EtcdCommand, compat: Compat): void {
  const options = cmd.options as Command['options'][number][];
  for (let i = options.length - 1; i >= 0; i--) {
    const o = options[i];
    if (!(o instanceof EtcdFlag)) continue;
    if (!hasSince(compat, o.spec.since)) options.splice(i, 1);
  }
  const commands = cmd.commands as Command[];
  for (let i = commands.length - 1; i >= 0; i--) {
    const c = commands[i];
    if (c instanceof EtcdCommand && !hasSince(compat, c.since)) commands.splice(i, 1);
    else if (c instanceof EtcdCommand) fitToLine(c, compat);
  }
}

export function defineCommand<D extends FlagDecls = NoFlags, I extends FlagDecls = NoFlags>(
  def: CommandDef<D, I>,
): EtcdCommand {
  return new EtcdCommand(def as unknown as CommandDef<FlagDecls>);
}
