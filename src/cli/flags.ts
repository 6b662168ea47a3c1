/**
 * Flag declarations with pflag semantics. A flag is declared once (FlagSpec) and
 * that declaration feeds parsing, help, completions, man pages and the
 * ETCDCTL_* environment binding of global flags.
 */
import { Option } from 'commander';
import { parseCsvRecord, parseGoBool, parseGoDuration, parseGoInt, parseGoUint } from '../go/parse';
import { goDuration } from '../go/humanize';
import type { Compat } from '../compat';

export type FlagType = 'bool' | 'string' | 'int' | 'int64' | 'uint' | 'duration' | 'stringSlice';

/** The typed value of a parsed flag. Integers and durations (nanoseconds) are bigint. */
export type FlagValue = boolean | string | bigint | string[];

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /** Default value, typed. */
  default: FlagValue;
  usage: string;
  /** Inherited by sub-commands (cobra persistent flag). */
  persistent?: boolean;
  /** Shown only by --help of the command declaring it, never in completions. */
  hidden?: boolean;
  /**
   * Not an etcdctl flag: help lists it only in a trailing EXTENSION OPTIONS section, and
   * completions never offer it, so etcdctl's texts stay byte-identical.
   */
  extension?: boolean;
  /** The etcdctl line that added the flag (`get --stream`: 3.7): absent from earlier lines' trees. */
  since?: Compat;
}

/** A commander Option that carries the pflag declaration it was made from. */
export class EtcdFlag extends Option {
  constructor(readonly spec: FlagSpec) {
    const long = `--${spec.name}`;
    const head = spec.short ? `-${spec.short}, ${long}` : long;
    super(spec.type === 'bool' ? head : `${head} <value>`, spec.usage);
    this.default(spec.default);
    if (spec.hidden) this.hideHelp();
  }
}

export function isBool(spec: FlagSpec): boolean {
  return spec.type === 'bool';
}

/** Parses one command-line (or environment) value the way pflag's Value.Set does. */
export function parseFlagValue(spec: FlagSpec, raw: string, previous?: FlagValue): FlagValue {
  switch (spec.type) {
    case 'bool':
      return parseGoBool(raw);
    case 'string':
      return raw;
    case 'int':
    case 'int64':
      return parseGoInt(raw, 64);
    case 'uint':
      return parseGoUint(raw, 64);
    case 'duration':
      return parseGoDuration(raw);
    case 'stringSlice': {
      const items = raw === '' ? [] : parseCsvRecord(raw);
      return Array.isArray(previous) ? [...previous, ...items] : items;
    }
  }
}

/** The zero value pflag leaves behind when a Set fails (env values: see config.ts). */
export function zeroValue(spec: FlagSpec): FlagValue {
  switch (spec.type) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'stringSlice':
      return [];
    default:
      return 0n;
  }
}

/** pflag's Value.String(): the form used in help defaults and --debug listings. */
export function flagValueString(spec: FlagSpec, value: FlagValue): string {
  switch (spec.type) {
    case 'bool':
      return value ? 'true' : 'false';
    case 'duration':
      return goDuration(value as bigint);
    case 'stringSlice':
      return `[${(value as string[]).join(',')}]`;
    default:
      return String(value);
  }
}

/** The `"-w, --write-out"` / `"--limit"` name used in pflag's invalid-argument errors. */
export function flagDisplayName(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

/** Options shared by every flag constructor. */
export interface FlagOptions {
  short?: string;
  /** Inherited by sub-commands (cobra persistent flag). */
  persistent?: boolean;
  /** Shown only by --help of the command declaring it, never in completions. */
  hidden?: boolean;
  /**
   * Not an etcdctl flag: help lists it only in a trailing EXTENSION OPTIONS section, and
   * completions never offer it, so etcdctl's texts stay byte-identical.
   */
  extension?: boolean;
  /** The etcdctl line that added the flag (`get --stream`: 3.7): absent from earlier lines' trees. */
  since?: Compat;
}

/**
 * A flag as declared in a command's `flags` object. The object key, in camelCase,
 * names the flag in kebab-case (`keysOnly` -> `--keys-only`); T is the type of its value.
 */
export interface FlagDecl<T extends FlagValue = FlagValue> extends FlagOptions {
  readonly type: FlagType;
  readonly default: T;
  readonly usage: string;
}

/** A command's flags, in declaration (= help) order. */
export type FlagDecls = Readonly<Record<string, FlagDecl>>;

/** The parsed values of a command's flags, typed by its declaration. */
export type FlagOpts<D extends FlagDecls> = { readonly [K in keyof D]: D[K]['default'] };

function decl<T extends FlagValue>(type: FlagType, usage: string, dflt: T, o: FlagOptions = {}): FlagDecl<T> {
  return { type, usage, default: dflt, ...o };
}

/** Typed flag constructors: `flags: { keysOnly: flag.bool('Get only the keys') }`. */
export const flag = {
  bool: (usage: string, dflt = false, o?: FlagOptions): FlagDecl<boolean> => decl('bool', usage, dflt, o),
  string: (usage: string, dflt: string, o?: FlagOptions): FlagDecl<string> => decl('string', usage, dflt, o),
  int: (usage: string, dflt: bigint, o?: FlagOptions): FlagDecl<bigint> => decl('int', usage, dflt, o),
  int64: (usage: string, dflt: bigint, o?: FlagOptions): FlagDecl<bigint> => decl('int64', usage, dflt, o),
  uint: (usage: string, dflt: bigint, o?: FlagOptions): FlagDecl<bigint> => decl('uint', usage, dflt, o),
  /** Nanoseconds. */
  duration: (usage: string, dflt: bigint, o?: FlagOptions): FlagDecl<bigint> => decl('duration', usage, dflt, o),
  stringSlice: (usage: string, dflt: readonly string[], o?: FlagOptions): FlagDecl<string[]> =>
    decl('stringSlice', usage, [...dflt], o),
};

/** `keysOnly` -> `keys-only`. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The FlagSpecs of a declaration, in its order. */
export function flagSpecs(decls: FlagDecls): FlagSpec[] {
  return Object.entries(decls).map(([key, d]) => ({ name: flagName(key), ...d }));
}

/**
 * The typed values of a declaration's flags from a command line's parsed values (by flag
 * name, defaults included): a flag of a later line than the tree's has its default. Any
 * other declared flag the command does not have is a programming error.
 */
export function flagOpts<D extends FlagDecls>(decls: D, values: ReadonlyMap<string, FlagValue>): FlagOpts<D> {
  const out: Record<string, FlagValue> = {};
  for (const key of Object.keys(decls)) {
    const value = values.get(flagName(key)) ?? (decls[key].since ? decls[key].default : undefined);
    if (value === undefined) throw new Error(`flag --${flagName(key)} is not defined on this command`);
    out[key] = value;
  }
  return out as FlagOpts<D>;
}

/** The values a command runs with when no flag is given (unit tests start from these). */
export function defaultOpts<D extends FlagDecls>(decls: D): FlagOpts<D> {
  return flagOpts(decls, new Map(flagSpecs(decls).map((f) => [f.name, f.default])));
}
