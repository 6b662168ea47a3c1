/**
 * txn output (spec §6.4): the response printers, and the texts cobra's
 * default templates print for the anonymous command etcdctl parses each txn
 * request line with (usage on a flag error, help on -h).
 */
import { TxnResponse, type ResponseOp } from '../proto/gen/rpc';
import type { FlagSpec } from '../cli/flags';
import { fieldsHeader } from './common';
import { delRenderers, getRenderers, putRenderers } from './kv';
import { messageJson } from './json';
import type { KindRenderers, RenderOptions, Rendered } from './printer';
import { goQuote } from '../util/goquote';

const asBuffer = (r: Rendered): Buffer => (typeof r === 'string' ? Buffer.from(r) : Buffer.from(r));

/** A response of a kind etcdctl's txn printers do not know (a nested txn; etcdctl cannot send one). */
function unknownResponse(op: ResponseOp): string {
  return `{Response:${messageJson(op as never)}}`;
}

function simpleOp(op: ResponseOp, o: RenderOptions): Buffer {
  if (op.response_delete_range) return asBuffer(delRenderers.simple!(op.response_delete_range, o));
  if (op.response_put) return asBuffer(putRenderers.simple!(op.response_put, o));
  if (op.response_range) return asBuffer(getRenderers.simple!({ resp: op.response_range, printValueOnly: false }, o));
  return Buffer.from(`unexpected response ${unknownResponse(op)}\n`);
}

function fieldsOp(op: ResponseOp, o: RenderOptions): string {
  if (op.response_delete_range) return delRenderers.fields!(op.response_delete_range, o) as string;
  if (op.response_put) return putRenderers.fields!(op.response_put, o) as string;
  if (op.response_range) return getRenderers.fields!({ resp: op.response_range, printValueOnly: false }, o) as string;
  return `"Unknown" : ${goQuote(unknownResponse(op))}\n`;
}

export const txnRenderers: KindRenderers<TxnResponse> = {
  simple: (r, o) =>
    Buffer.concat([Buffer.from(r.succeeded ? 'SUCCESS\n' : 'FAILURE\n'), ...r.responses.flatMap((op) => [Buffer.from('\n'), simpleOp(op, o)])]),
  // 3.6 JSON: {"Response":{"response_range":…}} (3.4 printed CamelCase oneof keys; spec §11.4 #11).
  json: (r) => `${messageJson(r as never)}\n`,
  fields: (r, o) => fieldsHeader(r.header, o.hex) + `"Succeeded" : ${r.succeeded}\n` + r.responses.map((op) => fieldsOp(op, o)).join(''),
  protobuf: (r) => TxnResponse.encode(r).finish(),
};

/** What cobra's default templates need to know of a command. */
export interface CobraCommandInfo {
  /** cobra's Use: name first. */
  use: string;
  short: string;
  long?: string;
  flags: FlagSpec[];
}

/** pflag's placeholder for a flag's value in usage lines. */
function varName(f: FlagSpec): string {
  switch (f.type) {
    case 'bool':
      return '';
    case 'int64':
      return 'int';
    case 'stringSlice':
      return 'strings';
    default:
      return f.type;
  }
}

function defaultSuffix(f: FlagSpec): string {
  const d = f.default;
  switch (f.type) {
    case 'bool':
      return d ? ' (default true)' : '';
    case 'string':
      return d === '' ? '' : ` (default ${goQuote(d as string)})`;
    case 'stringSlice':
      return (d as string[]).length === 0 ? '' : ` (default [${(d as string[]).join(',')}])`;
    default:
      return d === 0n ? '' : ` (default ${String(d)})`;
  }
}

/** pflag FlagSet.FlagUsages(): sorted, names padded to one column, defaults appended. */
export function pflagUsages(flags: FlagSpec[]): string {
  const sorted = [...flags].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const heads = sorted.map((f) => {
    let head = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
    const v = varName(f);
    if (v) head += ` ${v}`;
    return head;
  });
  const maxlen = Math.max(...heads.map((h) => h.length + 1));
  return sorted.map((f, i) => `${heads[i]} ${' '.repeat(maxlen - heads[i].length)} ${f.usage}${defaultSuffix(f)}\n`).join('');
}

function helpFlag(name: string): FlagSpec {
  return { name: 'help', short: 'h', type: 'bool', default: false, usage: `help for ${name || 'this command'}` };
}

/** cobra's default UsageString() for a sub-command of an anonymous (empty-named) parent. */
export function cobraUsage(cmd: CobraCommandInfo): string {
  const name = cmd.use.split(' ')[0];
  const flags = [...cmd.flags, helpFlag(name)];
  const useLine = ` ${cmd.use}${cmd.use.includes('[flags]') ? '' : ' [flags]'}`;
  return `Usage:\n  ${useLine}\n\nFlags:\n${pflagUsages(flags).trimEnd()}\n`;
}

/** cobra's default help: Long (or Short) with trailing white space removed, an empty line, the usage. */
export function cobraHelp(cmd: CobraCommandInfo): string {
  const text = (cmd.long ?? cmd.short).replace(/[\s]+$/, '');
  return `${text}\n\n${cobraUsage(cmd)}`;
}

/**
 * The anonymous root command etcdctl builds per txn request line: put, get and
 * del, plus the help and completion commands cobra adds on its own.
 */
export const TXN_ROOT_USAGE = `Usage:
   [command]

Available Commands:
  completion  Generate the autocompletion script for the specified shell
  del         Removes the specified key or range of keys [key, range_end)
  get         Gets the key or a range of keys
  help        Help about any command
  put         Puts the given key into the store

Flags:
  -h, --help   help for this command

Use " [command] --help" for more information about a command.
`;
