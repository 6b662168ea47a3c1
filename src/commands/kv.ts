/**
 * put, get and del (spec §6.1-6.3). Each has a pure parse step (arguments and
 * flags -> request, with etcdctl's validation order and error texts), then
 * the RPC, then the printer.
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import { CliError, ExitCode } from '../errors';
import {
  DeleteRangeRequest,
  PutRequest,
  RangeRequest,
  RangeRequest_SortOrder as SortOrder,
  RangeRequest_SortTarget as SortTarget,
} from '../proto/gen/rpc';
import { KV } from '../client/methods';
import { delRenderers, getRenderers, putRenderers } from '../output/kv';
import { goQuote } from '../util/goquote';
import { parseGoIntBase } from '../util/goparse';
import { keyRange } from '../util/keys';

const bad = (msg: string): CliError => new CliError(ExitCode.BadArgs, msg);
const badFeature = (msg: string): CliError => new CliError(ExitCode.BadFeature, msg);

const PREFIX_AND_FROM_KEY = '`--prefix` and `--from-key` cannot be set at the same time, choose one';
const TOO_MANY_ARGS = 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set';

/** The flags a get request is built from (also used by txn's get lines). */
export interface GetFlags {
  consistency: string;
  order: string;
  sortBy: string;
  limit: bigint;
  prefix: boolean;
  fromKey: boolean;
  rev: bigint;
  keysOnly: boolean;
  countOnly: boolean;
  minCreateRev: bigint;
  maxCreateRev: bigint;
  minModRev: bigint;
  maxModRev: bigint;
}

export function getFlagsOf(inv: Pick<Invocation, 'flag'>): GetFlags {
  return {
    consistency: inv.flag('consistency'),
    order: inv.flag('order'),
    sortBy: inv.flag('sort-by'),
    limit: inv.flag('limit'),
    prefix: inv.flag('prefix'),
    fromKey: inv.flag('from-key'),
    rev: inv.flag('rev'),
    keysOnly: inv.flag('keys-only'),
    countOnly: inv.flag('count-only'),
    minCreateRev: inv.flag('min-create-rev'),
    maxCreateRev: inv.flag('max-create-rev'),
    minModRev: inv.flag('min-mod-rev'),
    maxModRev: inv.flag('max-mod-rev'),
  };
}

const SORT_TARGETS: Record<string, SortTarget> = {
  CREATE: SortTarget.CREATE,
  KEY: SortTarget.KEY,
  MODIFY: SortTarget.MOD,
  VALUE: SortTarget.VALUE,
  VERSION: SortTarget.VERSION,
  '': SortTarget.KEY,
};

/** etcdctl getGetOp: validation in etcdctl's order, then the RangeRequest. */
export function buildGetRequest(args: string[], f: GetFlags): RangeRequest {
  if (args.length === 0) throw bad('get command needs one argument as key and an optional argument as range_end');
  if (f.prefix && f.fromKey) throw bad(PREFIX_AND_FROM_KEY);
  if (f.keysOnly && f.countOnly) throw bad('`--keys-only` and `--count-only` cannot be set at the same time, choose one');
  if (f.consistency !== 's' && f.consistency !== 'l') throw badFeature(`unknown consistency flag ${goQuote(f.consistency)}`);
  if (args.length > 1 && (f.prefix || f.fromKey)) throw bad(TOO_MANY_ARGS);
  const order = f.order.toUpperCase();
  let sortOrder: SortOrder;
  if (order === 'ASCEND') sortOrder = SortOrder.ASCEND;
  else if (order === 'DESCEND') sortOrder = SortOrder.DESCEND;
  else if (order === '') sortOrder = SortOrder.NONE;
  else throw badFeature(`bad sort order ${f.order}`);
  const sortTarget = SORT_TARGETS[f.sortBy.toUpperCase()];
  if (sortTarget === undefined) throw badFeature(`bad sort target ${f.sortBy}`);
  if (f.maxCreateRev > 0n && f.minCreateRev > f.maxCreateRev) {
    throw badFeature(`getMinCreateRev(=${f.minCreateRev}) > getMaxCreateRev(=${f.maxCreateRev})`);
  }
  if (f.maxModRev > 0n && f.minModRev > f.maxModRev) {
    throw badFeature(`getMinModRev(=${f.minModRev}) > getMaxModRev(=${f.maxModRev})`);
  }
  const range = keyRange(args[0], { prefix: f.prefix, fromKey: f.fromKey, rangeEnd: args.length > 1 ? args[1] : undefined });
  return RangeRequest.fromPartial({
    ...range,
    limit: f.limit,
    revision: f.rev > 0n ? f.rev : 0n,
    // clientv3 sends NONE for (KEY, ASCEND): the server's default order.
    sort_order: sortTarget === SortTarget.KEY && sortOrder === SortOrder.ASCEND ? SortOrder.NONE : sortOrder,
    sort_target: sortTarget,
    serializable: f.consistency === 's',
    keys_only: f.keysOnly,
    count_only: f.countOnly,
    min_create_revision: f.minCreateRev > 0n ? f.minCreateRev : 0n,
    max_create_revision: f.maxCreateRev > 0n ? f.maxCreateRev : 0n,
    min_mod_revision: f.minModRev > 0n ? f.minModRev : 0n,
    max_mod_revision: f.maxModRev > 0n ? f.maxModRev : 0n,
  });
}

export interface PutFlags {
  lease: string;
  prevKv: boolean;
  ignoreValue: boolean;
  ignoreLease: boolean;
}

/** etcdctl getPutOp. `readStdin` supplies the value when only a key is given. */
export async function buildPutRequest(args: string[], f: PutFlags, readStdin: () => Promise<Buffer>): Promise<PutRequest> {
  const needs = 'put command needs 1 argument and input from stdin or 2 arguments';
  if (args.length === 0) throw bad(needs);
  if (f.ignoreValue && args.length > 1) throw bad("put command needs only 1 argument when 'ignore-value' is set");
  let value: Buffer = Buffer.alloc(0);
  if (!f.ignoreValue) {
    if (args.length > 1) value = Buffer.from(args[1]);
    else {
      value = await readStdin().catch(() => Buffer.alloc(0));
      if (value.length === 0) throw bad(needs);
    }
  }
  let lease: bigint;
  try {
    lease = parseGoIntBase(f.lease, 16, 64);
  } catch (e) {
    throw bad(`bad lease ID (${(e as Error).message}), expecting ID in Hex`);
  }
  return PutRequest.fromPartial({
    key: Buffer.from(args[0]),
    value,
    lease,
    prev_kv: f.prevKv,
    ignore_value: f.ignoreValue,
    ignore_lease: f.ignoreLease,
  });
}

export interface DelFlags {
  prefix: boolean;
  prevKv: boolean;
  fromKey: boolean;
  range: boolean;
}

/** etcdctl getDelOp. `warn` receives the 3.6 range warning; the caller then waits 2 s. */
export function buildDelRequest(args: string[], f: DelFlags): { req: DeleteRangeRequest; warning?: string } {
  if (args.length === 0 || args.length > 2) throw bad('del command needs one argument as key and an optional argument as range_end');
  if (f.prefix && f.fromKey) throw bad(PREFIX_AND_FROM_KEY);
  let warning: string | undefined;
  if (args.length > 1) {
    if (f.prefix || f.fromKey) throw bad(TOO_MANY_ARGS);
    if (!f.range) {
      warning =
        `Warning: Keys between ${goQuote(args[0])} and ${goQuote(args[1])} will be deleted. ` +
        'Please interrupt the command within next 2 seconds to cancel. You can provide `--range` flag to avoid the delay.\n';
    }
  }
  const range = keyRange(args[0], { prefix: f.prefix, fromKey: f.fromKey, rangeEnd: args.length > 1 ? args[1] : undefined });
  return { req: DeleteRangeRequest.fromPartial({ ...range, prev_kv: f.prevKv }), warning };
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer | string) => chunks.push(typeof c === 'string' ? Buffer.from(c) : c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const LONG_PUT = `
Puts the given key into the store.

When <value> begins with '-', <value> is interpreted as a flag.
Insert '--' for workaround:

$ put <key> -- <value>
$ put -- <key> <value>

If <value> isn't given as a command line argument and '--ignore-value' is not specified,
this command tries to read the value from standard input.

If <lease> isn't given as a command line argument and '--ignore-lease' is not specified,
this command tries to read the value from standard input.

For example,
$ cat file | put <key>
will store the content of the file to <key>.
`;

export function putCommand(): EtcdCommand {
  return defineCommand({
    use: 'put [options] <key> <value> (<value> can also be given from stdin)',
    short: 'Puts the given key into the store',
    long: LONG_PUT,
    flags: [
      { name: 'lease', type: 'string', default: '0', usage: 'lease ID (in hexadecimal) to attach to the key' },
      { name: 'prev-kv', type: 'bool', default: false, usage: 'return the previous key-value pair before modification' },
      { name: 'ignore-value', type: 'bool', default: false, usage: 'updates the key using its current value' },
      { name: 'ignore-lease', type: 'bool', default: false, usage: 'updates the key using its current lease' },
    ],
    async run(inv) {
      const req = await buildPutRequest(
        inv.args,
        { lease: inv.flag('lease'), prevKv: inv.flag('prev-kv'), ignoreValue: inv.flag('ignore-value'), ignoreLease: inv.flag('ignore-lease') },
        () => readAll(inv.io.stdin),
      );
      const deadline = inv.flagDeadline();
      const client = await inv.connect();
      const resp = await client.unary(KV.put, req, { deadline });
      inv.print(putRenderers, resp);
    },
  });
}

export function getCommand(): EtcdCommand {
  return defineCommand({
    use: 'get [options] <key> [range_end]',
    short: 'Gets the key or a range of keys',
    flags: [
      { name: 'consistency', type: 'string', default: 'l', usage: 'Linearizable(l) or Serializable(s)' },
      { name: 'order', type: 'string', default: '', usage: 'Order of results; ASCEND or DESCEND (ASCEND by default)' },
      { name: 'sort-by', type: 'string', default: '', usage: 'Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION' },
      { name: 'limit', type: 'int64', default: 0n, usage: 'Maximum number of results' },
      { name: 'prefix', type: 'bool', default: false, usage: 'Get keys with matching prefix' },
      { name: 'from-key', type: 'bool', default: false, usage: 'Get keys that are greater than or equal to the given key using byte compare' },
      { name: 'rev', type: 'int64', default: 0n, usage: 'Specify the kv revision' },
      { name: 'keys-only', type: 'bool', default: false, usage: 'Get only the keys' },
      { name: 'count-only', type: 'bool', default: false, usage: 'Get only the count' },
      { name: 'print-value-only', type: 'bool', default: false, usage: 'Only write values when using the "simple" output format' },
      { name: 'min-create-rev', type: 'int64', default: 0n, usage: 'Minimum create revision' },
      { name: 'max-create-rev', type: 'int64', default: 0n, usage: 'Maximum create revision' },
      { name: 'min-mod-rev', type: 'int64', default: 0n, usage: 'Minimum modification revision' },
      { name: 'max-mod-rev', type: 'int64', default: 0n, usage: 'Maximum modification revision' },
    ],
    async run(inv) {
      const flags = getFlagsOf(inv);
      const req = buildGetRequest(inv.args, flags);
      const deadline = inv.flagDeadline();
      const client = await inv.connect();
      const printValueOnly = inv.flag<boolean>('print-value-only');
      const { writeOut: format, hex } = inv.globals();
      const checkFormat = (): void => {
        if (flags.countOnly && format !== 'fields') throw bad('--count-only is only for `--write-out=fields`');
        if (printValueOnly && format !== 'simple') throw bad('print-value-only is only for `--write-out=simple`');
      };
      const { pageable, rangePages } = await import('../client/paged-range');
      const { streamsPages, writeRangePages } = await import('../output/paged-get');
      if (streamsPages(format) && pageable(req)) {
        // Not in etcdctl: a large range is read and written page by page (same bytes).
        await writeRangePages(rangePages(client, req, { deadline }), inv.io.stdout, { format, hex, printValueOnly, beforeFirst: checkFormat });
        return;
      }
      const resp = await client.unary(KV.range, req, { deadline });
      checkFormat();
      inv.print(getRenderers, { resp, printValueOnly });
    },
  });
}

export function delCommand(): EtcdCommand {
  return defineCommand({
    use: 'del [options] <key> [range_end]',
    short: 'Removes the specified key or range of keys [key, range_end)',
    flags: [
      { name: 'prefix', type: 'bool', default: false, usage: 'delete keys with matching prefix' },
      { name: 'prev-kv', type: 'bool', default: false, usage: 'return deleted key-value pairs' },
      { name: 'from-key', type: 'bool', default: false, usage: 'delete keys that are greater than or equal to the given key using byte compare' },
      { name: 'range', type: 'bool', default: false, usage: 'delete range of keys' },
    ],
    async run(inv) {
      const { req, warning } = buildDelRequest(inv.args, {
        prefix: inv.flag('prefix'),
        prevKv: inv.flag('prev-kv'),
        fromKey: inv.flag('from-key'),
        range: inv.flag('range'),
      });
      if (warning) {
        inv.io.stderr.write(warning);
        await new Promise((r) => setTimeout(r, 2000));
      }
      const deadline = inv.flagDeadline();
      const client = await inv.connect();
      const resp = await client.unary(KV.deleteRange, req, { deadline });
      inv.print(delRenderers, resp);
    },
  });
}
