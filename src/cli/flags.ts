/**
 * Flag declarations with pflag semantics. A flag is declared once (FlagSpec) and
 * that declaration feeds parsing, help, completions, man pages and the
 * ETCDCTL_* environment binding of global flags.
 */
import { Option } from 'commander';
import { parseCsvRecord, parseGoBool, parseGoDuration, parseGoInt, parseGoUint } from '../go/parse';
import { goDuration } from '../go/humanize';

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
