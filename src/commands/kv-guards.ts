/**
 * Guard-rail extensions of put, get and del (README "Guarded writes"):
 * `put --if-absent`, `put --if-mod-rev N`, `del --if-mod-rev N` (one Txn whose
 * compare is the guard, see recipes/guard.ts), `del --dry-run` (a Range that
 * shows what del would delete) and `get --require-match` (exit 11 when nothing
 * matched). None of these flags exists in etcdctl: they are extension flags,
 * and the txn line grammar does not accept them.
 */
import { flag, type FlagOpts } from '../cli/flags';
import type { Invocation } from '../cli/invocation';
import type { CallOptions } from '../client/client';
import { KV } from '../client/methods';
import { badArgs, CliError, ExitCode } from '../errors';
import { goQuote } from '../go/quote';
import { DeleteRangeRequest, DeleteRangeResponse, PutRequest, RangeRequest } from '../proto/gen/rpc';
import type { RangePage } from '../proto/fast-decode';
import { delRenderers, putRenderers } from '../output/kv';
import { guardedTxn, guardOutcome, type Guard } from '../recipes/guard';

/** -1: the flag was not given (a mod revision is never negative). */
const UNSET = -1n;

export const PUT_GUARD_FLAGS = {
  ifAbsent: flag.bool('write only when the key does not exist (exit 10 otherwise, nothing written)', false, {
    extension: true,
  }),
  ifModRev: flag.int64("write only when the key's mod revision is N (exit 10 otherwise, nothing written)", UNSET, {
    extension: true,
  }),
};
export type PutGuardFlags = FlagOpts<typeof PUT_GUARD_FLAGS>;

export const DEL_GUARD_FLAGS = {
  ifModRev: flag.int64("delete only when the key's mod revision is N (exit 10 otherwise, nothing deleted)", UNSET, {
    extension: true,
  }),
  dryRun: flag.bool('print what would be deleted (as del --prev-kv prints it) and delete nothing', false, {
    extension: true,
  }),
};
export type DelGuardFlags = FlagOpts<typeof DEL_GUARD_FLAGS>;

export const GET_GUARD_FLAGS = {
  requireMatch: flag.bool('exit 11 when no key matches (output is printed as usual)', false, { extension: true }),
};

function checkModRev(n: bigint): void {
  if (n < 0n && n !== UNSET) throw badArgs(`--if-mod-rev must be >= 0 (0 means the key does not exist), got ${n}`);
}

/** The put's guard, or undefined for a plain put; invalid combinations are bad arguments. */
export function putGuard(args: string[], f: PutGuardFlags): Guard | undefined {
  checkModRev(f.ifModRev);
  if (f.ifAbsent && f.ifModRev !== UNSET)
    throw badArgs('`--if-absent` and `--if-mod-rev` cannot be set at the same time, choose one');
  if (!f.ifAbsent && f.ifModRev === UNSET) return undefined;
  if (args.length === 0) return undefined; // buildPutRequest reports the missing key
  return { key: Buffer.from(args[0]), modRevision: f.ifAbsent ? 0n : f.ifModRev };
}

interface DelShape {
  prefix: boolean;
  fromKey: boolean;
}

/** del's guard, or undefined; a guard applies to one key only. */
export function delGuard(args: string[], f: DelGuardFlags & DelShape): Guard | undefined {
  checkModRev(f.ifModRev);
  if (f.ifModRev === UNSET) return undefined;
  if (f.prefix || f.fromKey || args.length > 1) {
    throw badArgs('`--if-mod-rev` guards one key: it cannot be used with `--prefix`, `--from-key` or a range_end');
  }
  if (f.dryRun) throw badArgs('`--if-mod-rev` and `--dry-run` cannot be set at the same time, choose one');
  if (args.length === 0) return undefined; // buildDelRequest reports the missing key
  return { key: Buffer.from(args[0]), modRevision: f.ifModRev };
}

export async function runGuardedPut(inv: Invocation, guard: Guard, put: PutRequest, opts: CallOptions): Promise<void> {
  const client = await inv.connect();
  const resp = await client.unary(KV.txn, guardedTxn(guard, { put }), opts);
  inv.print(putRenderers, guardOutcome(guard, resp, 'put'));
}

export async function runGuardedDel(
  inv: Invocation,
  guard: Guard,
  del: DeleteRangeRequest,
  opts: CallOptions,
): Promise<void> {
  const client = await inv.connect();
  const resp = await client.unary(KV.txn, guardedTxn(guard, { del }), opts);
  inv.print(delRenderers, guardOutcome(guard, resp, 'del'));
}

/** del --dry-run: the DeleteRangeResponse del would get (with prev_kvs), read by a Range. */
export async function runDryDel(inv: Invocation, del: DeleteRangeRequest, opts: CallOptions): Promise<void> {
  const client = await inv.connect();
  const resp = await client.unary(KV.range, RangeRequest.fromPartial({ key: del.key, range_end: del.range_end }), opts);
  const would = DeleteRangeResponse.fromPartial({ header: resp.header, deleted: resp.count, prev_kvs: resp.kvs });
  inv.print(delRenderers, would);
  inv.io.stderr.write(
    `dry run: ${resp.count} key(s) would be deleted at revision ${resp.header?.revision ?? 0n}; nothing was deleted\n`,
  );
}

/** get --require-match: the error when nothing matched the request. */
export function noMatch(req: RangeRequest): CliError {
  const key = goQuote(req.key);
  let what: string;
  if (req.range_end.length === 0) what = `key ${key}`;
  else if (req.range_end.length === 1 && req.range_end[0] === 0) what = `keys >= ${key}`;
  else what = `keys in [${key}, ${goQuote(req.range_end)})`;
  const at = req.revision > 0n ? ` at revision ${req.revision}` : '';
  return new CliError(ExitCode.NoMatch, `no match: no ${what}${at}`);
}

/** Passes pages through and records whether any key matched (count counts all keys in range). */
export async function* watchMatches(
  pages: AsyncIterable<RangePage>,
  seen: { matched: boolean },
): AsyncGenerator<RangePage> {
  for await (const page of pages) {
    if (page.count > 0n || page.spans.length > 0) seen.matched = true;
    yield page;
  }
}
