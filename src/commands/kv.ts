/**
 * put, get and del (docs/etcdctl-behaviour.md §6.1-6.3). Each has a pure parse step (arguments and
 * flags -> request, with etcdctl's validation order and error texts), then
 * the RPC, then the printer.
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { flag, type FlagOpts } from '../cli/flags';
import { badArgs, badFeature } from '../errors';
import {
  DeleteRangeRequest,
  PutRequest,
  RangeRequest,
  RangeRequest_SortOrder as SortOrder,
  RangeRequest_SortTarget as SortTarget,
} from '../proto/gen/rpc';
import { KV } from '../client/methods';
import { readAll } from '../io/stdin';
import { delRenderers, getRenderers, putRenderers } from '../output/kv';
import { goQuote } from '../go/quote';
import { parseGoIntBase } from '../go/parse';
import { keyRange } from '../util/keys';
import {
  DEL_GUARD_FLAGS,
  delGuard,
  GET_GUARD_FLAGS,
  noMatch,
  PUT_GUARD_FLAGS,
  putGuard,
  runDryDel,
  runGuardedDel,
  runGuardedPut,
  watchMatches,
} from './kv-guards';
import { checkGetExtensionFormat, rawSeparator, RAW_FLAGS } from './output-ext';
import { isExtensionFormat } from '../cli/formats';

const PREFIX_AND_FROM_KEY = '`--prefix` and `--from-key` cannot be set at the same time, choose one';
const TOO_MANY_ARGS = 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set';

/** get's flags (also parsed on txn's get lines). */
export const GET_FLAGS = {
  consistency: flag.string('Linearizable(l) or Serializable(s)', 'l'),
  order: flag.string('Order of results; ASCEND or DESCEND (ASCEND by default)', ''),
  sortBy: flag.string('Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION', ''),
  limit: flag.int64('Maximum number of results', 0n),
  prefix: flag.bool('Get keys with matching prefix'),
  fromKey: flag.bool('Get keys that are greater than or equal to the given key using byte compare'),
  rev: flag.int64('Specify the kv revision', 0n),
  keysOnly: flag.bool('Get only the keys'),
  countOnly: flag.bool('Get only the count'),
  printValueOnly: flag.bool('Only write values when using the "simple" output format'),
  minCreateRev: flag.int64('Minimum create revision', 0n),
  maxCreateRev: flag.int64('Maximum create revision', 0n),
  minModRev: flag.int64('Minimum modification revision', 0n),
  maxModRev: flag.int64('Maximum modification revision', 0n),
  stream: flag.bool('Use the RangeStream RPC', false, { since: '3.7' }),
};
export type GetFlags = FlagOpts<typeof GET_FLAGS>;

/** put's flags (also parsed on txn's put lines). */
export const PUT_FLAGS = {
  lease: flag.string('lease ID (in hexadecimal) to attach to the key', '0'),
  prevKv: flag.bool('return the previous key-value pair before modification'),
  ignoreValue: flag.bool('updates the key using its current value'),
  ignoreLease: flag.bool('updates the key using its current lease'),
};
export type PutFlags = FlagOpts<typeof PUT_FLAGS>;

/** del's flags (also parsed on txn's del lines). */
export const DEL_FLAGS = {
  prefix: flag.bool('delete keys with matching prefix'),
  prevKv: flag.bool('return deleted key-value pairs'),
  fromKey: flag.bool('delete keys that are greater than or equal to the given key using byte compare'),
  range: flag.bool('delete range of keys'),
};
export type DelFlags = FlagOpts<typeof DEL_FLAGS>;

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
  if (args.length === 0) throw badArgs('get command needs one argument as key and an optional argument as range_end');
  if (f.prefix && f.fromKey) throw badArgs(PREFIX_AND_FROM_KEY);
  if (f.keysOnly && f.countOnly)
    throw badArgs('`--keys-only` and `--count-only` cannot be set at the same time, choose one');
  if (f.consistency !== 's' && f.consistency !== 'l')
    throw badFeature(`unknown consistency flag ${goQuote(f.consistency)}`);
  if (args.length > 1 && (f.prefix || f.fromKey)) throw badArgs(TOO_MANY_ARGS);
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
  const range = keyRange(args[0], {
    prefix: f.prefix,
    fromKey: f.fromKey,
    rangeEnd: args.length > 1 ? args[1] : undefined,
  });
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

/** etcdctl getPutOp. `readStdin` supplies the value when only a key is given. */
export async function buildPutRequest(
  args: string[],
  f: PutFlags,
  readStdin: () => Promise<Buffer>,
): Promise<PutRequest> {
  const needs = 'put command needs 1 argument and input from stdin or 2 arguments';
  if (args.length === 0) throw badArgs(needs);
  if (f.ignoreValue && args.length > 1) throw badArgs("put command needs only 1 argument when 'ignore-value' is set");
  let value: Buffer = Buffer.alloc(0);
  if (!f.ignoreValue) {
    if (args.length > 1) value = Buffer.from(args[1]);
    else {
      value = await readStdin().catch(() => Buffer.alloc(0));
      if (value.length === 0) throw badArgs(needs);
    }
  }
  let lease: bigint;
  try {
    lease = parseGoIntBase(f.lease, 16, 64);
  } catch (e) {
    throw badArgs(`bad lease ID (${(e as Error).message}), expecting ID in Hex`);
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

/** etcdctl getDelOp. `warn` receives the 3.6 range warning; the caller then waits 2 s. */
export function buildDelRequest(args: string[], f: DelFlags): { req: DeleteRangeRequest; warning?: string } {
  if (args.length === 0 || args.length > 2)
    throw badArgs('del command needs one argument as key and an optional argument as range_end');
  if (f.prefix && f.fromKey) throw badArgs(PREFIX_AND_FROM_KEY);
  let warning: string | undefined;
  if (args.length > 1) {
    if (f.prefix || f.fromKey) throw badArgs(TOO_MANY_ARGS);
    if (!f.range) {
      warning =
        `Warning: Keys between ${goQuote(args[0])} and ${goQuote(args[1])} will be deleted. ` +
        'Please interrupt the command within next 2 seconds to cancel. You can provide `--range` flag to avoid the delay.\n';
    }
  }
  const range = keyRange(args[0], {
    prefix: f.prefix,
    fromKey: f.fromKey,
    rangeEnd: args.length > 1 ? args[1] : undefined,
  });
  return { req: DeleteRangeRequest.fromPartial({ ...range, prev_kv: f.prevKv }), warning };
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
    flags: { ...PUT_FLAGS, ...PUT_GUARD_FLAGS },
    async run(inv, opts) {
      const guard = putGuard(inv.args, opts);
      const req = await buildPutRequest(inv.args, opts, () => readAll(inv.io.stdin));
      const deadline = inv.flagDeadline();
      if (guard) return runGuardedPut(inv, guard, req, { deadline });
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
    flags: { ...GET_FLAGS, ...GET_GUARD_FLAGS, ...RAW_FLAGS },
    formats: ['jsonl', 'raw'],
    async run(inv, opts) {
      const req = buildGetRequest(inv.args, opts);
      const deadline = inv.flagDeadline();
      const { writeOut: format, hex } = inv.globals();
      const separator = rawSeparator(format, opts);
      checkGetExtensionFormat(format, opts);
      const client = await inv.connect();
      const { printValueOnly, keysOnly, countOnly } = opts;
      const checkFormat = (): void => {
        if (isExtensionFormat(format)) return; // checked before the RPC
        if (opts.countOnly && format !== 'fields') throw badArgs('--count-only is only for `--write-out=fields`');
        if (printValueOnly && format !== 'simple') throw badArgs('print-value-only is only for `--write-out=simple`');
      };
      if (opts.stream) {
        // 3.7: the same request over KV/RangeStream, the chunks merged (docs/etcdctl-3.7-behaviour.md §4.1).
        const { rangeStream } = await import('../client/range-stream');
        const resp = await rangeStream(client, req, { deadline });
        checkFormat();
        inv.print(getRenderers, { resp, printValueOnly });
        if (opts.requireMatch && resp.count === 0n && resp.kvs.length === 0) throw noMatch(req);
        return;
      }
      const { pageable, rangePages } = await import('../client/paged-range');
      const { streamsPages, writeRangePages } = await import('../output/paged-get');
      if (streamsPages(format) && pageable(req)) {
        // Not in etcdctl: a large range is read and written page by page (same bytes).
        const seen = { matched: false };
        await writeRangePages(watchMatches(rangePages(client, req, { deadline }), seen), inv.io.stdout, {
          format,
          hex,
          printValueOnly,
          keysOnly,
          separator,
          beforeFirst: checkFormat,
        });
        if (opts.requireMatch && !seen.matched) throw noMatch(req);
        return;
      }
      const resp = await client.unary(KV.range, req, { deadline });
      checkFormat();
      inv.print(getRenderers, { resp, printValueOnly, keysOnly, countOnly, separator });
      if (opts.requireMatch && resp.count === 0n && resp.kvs.length === 0) throw noMatch(req);
    },
  });
}

export function delCommand(): EtcdCommand {
  return defineCommand({
    use: 'del [options] <key> [range_end]',
    short: 'Removes the specified key or range of keys [key, range_end)',
    flags: { ...DEL_FLAGS, ...DEL_GUARD_FLAGS },
    async run(inv, opts) {
      const guard = delGuard(inv.args, opts);
      const { req, warning } = buildDelRequest(inv.args, opts);
      if (opts.dryRun) return runDryDel(inv, req, { deadline: inv.flagDeadline() });
      if (guard) return runGuardedDel(inv, guard, req, { deadline: inv.flagDeadline() });
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
