/**
 * `txn -f FILE`: a transaction written as a JSON or YAML document instead of
 * etcdctl's line grammar (an extension; schema in README "txn from a file").
 *
 *   compare: [ {key, target, result, value, range_end | prefix} | "<compare line>" ]
 *   success: [ {put: {...}} | {get: {...}} | {delete: {...}} | "<request line>" ]
 *   failure: [ same as success ]
 *
 * Keys, values and range ends are UTF-8 strings, or base64 in `<field>_base64`.
 * Every error names the field by its path (`success[1].put.lease`).
 */
import { CliError, ExitCode } from '../../errors';
import {
  Compare,
  Compare_CompareResult as Result,
  Compare_CompareTarget as Target,
  DeleteRangeRequest,
  PutRequest,
  RangeRequest,
  type RequestOp,
  TxnRequest,
} from '../../proto/gen/rpc';
import { keyRange } from '../../util/keys';
import { parseCompare, parseRequestLine, type RequestIo } from './grammar';

type Json = null | boolean | number | bigint | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

class DocError extends CliError {
  constructor(source: string, path: string, msg: string) {
    super(ExitCode.InvalidInput, `txn file ${source}: ${path === '' ? '' : `${path}: `}${msg}`);
  }
}

const TARGETS: Record<string, Target> = {
  version: Target.VERSION,
  ver: Target.VERSION,
  create: Target.CREATE,
  c: Target.CREATE,
  mod: Target.MOD,
  m: Target.MOD,
  value: Target.VALUE,
  val: Target.VALUE,
  lease: Target.LEASE,
};
const RESULTS: Record<string, Result> = {
  '=': Result.EQUAL,
  '==': Result.EQUAL,
  equal: Result.EQUAL,
  '!=': Result.NOT_EQUAL,
  not_equal: Result.NOT_EQUAL,
  '>': Result.GREATER,
  greater: Result.GREATER,
  '<': Result.LESS,
  less: Result.LESS,
};
const INT64_MAX = (1n << 63n) - 1n;

/** Reads typed fields of one object, each error naming its path. */
class Fields {
  readonly seen = new Set<string>();
  constructor(
    readonly fail: (path: string, msg: string) => never,
    readonly path: string,
    readonly obj: Obj,
  ) {}

  static of(fail: (path: string, msg: string) => never, path: string, v: Json | undefined): Fields {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, `expected an object, got ${kind(v)}`);
    return new Fields(fail, path, v as Obj);
  }

  private at(name: string): string {
    return `${this.path}.${name}`;
  }

  private take(name: string): Json | undefined {
    this.seen.add(name);
    return this.obj[name];
  }

  bool(name: string): boolean {
    const v = this.take(name);
    if (v === undefined || v === null) return false;
    if (typeof v !== 'boolean') this.fail(this.at(name), `expected true or false, got ${kind(v)}`);
    return v;
  }

  int(name: string, min = 0n): bigint {
    const v = this.take(name);
    if (v === undefined || v === null) return 0n;
    let n: bigint | undefined;
    if (typeof v === 'bigint') n = v;
    else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
    else if (typeof v === 'string' && /^-?\d+$/.test(v)) n = BigInt(v);
    if (n === undefined) this.fail(this.at(name), `expected an integer, got ${kind(v)}`);
    if (n < min || n > INT64_MAX) this.fail(this.at(name), `${n} is out of range (${min} to ${INT64_MAX})`);
    return n;
  }

  string(name: string): string | undefined {
    const v = this.take(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') this.fail(this.at(name), `expected a string, got ${kind(v)}`);
    return v;
  }

  /** `<name>` as UTF-8 text or `<name>_base64`; not both. */
  bytes(name: string, required: boolean): Buffer | undefined {
    const text = this.string(name);
    const b64 = this.string(`${name}_base64`);
    if (text !== undefined && b64 !== undefined) this.fail(this.path, `give ${name} or ${name}_base64, not both`);
    if (b64 !== undefined) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) {
        this.fail(this.at(`${name}_base64`), 'not valid base64');
      }
      return Buffer.from(b64, 'base64');
    }
    if (text !== undefined) return Buffer.from(text);
    if (required) this.fail(this.at(name), 'missing');
    return undefined;
  }

  /** Refuses fields this reader did not ask for (a misspelt name must not pass silently). */
  done(): void {
    for (const k of Object.keys(this.obj)) if (!this.seen.has(k)) this.fail(this.at(k), 'unknown field');
  }
}

function kind(v: Json | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'bigint') return 'a number';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function rangeOf(f: Fields, allowFromKey: boolean): { key: Buffer; range_end: Buffer } {
  const key = f.bytes('key', true) as Buffer;
  const rangeEnd = f.bytes('range_end', false);
  const prefix = f.bool('prefix');
  const fromKey = allowFromKey ? f.bool('from_key') : false;
  if ([rangeEnd !== undefined, prefix, fromKey].filter(Boolean).length > 1) {
    f.fail(f.path, 'range_end, prefix and from_key exclude each other');
  }
  return keyRange(key, { prefix, fromKey, rangeEnd });
}

export interface DocumentOptions {
  /** Name of the document in errors (`-` for stdin). */
  source: string;
  /** Request lines given as strings (`put k v`) are parsed by the txn grammar. */
  io: RequestIo;
}

/** Parses JSON or YAML text into a TxnRequest; every error is a CliError (exit 3) naming the field. */
export async function parseTxnDocument(text: string, o: DocumentOptions): Promise<TxnRequest> {
  const fail = (path: string, msg: string): never => {
    throw new DocError(o.source, path, msg);
  };
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text, { uniqueKeys: true, intAsBigInt: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const before = text.slice(0, first.pos[0]);
    const line = before.split('\n').length;
    const col = before.length - before.lastIndexOf('\n');
    fail(`line ${line}, column ${col}`, first.message.split('\n')[0]);
  }
  const root = doc.toJS({ maxAliasCount: 0 }) as Json;
  if (root === null || root === undefined) fail('', 'the document is empty');
  const top = Fields.of(fail, '', root);
  const list = (name: string): Json[] => {
    const v = top.obj[name];
    top.seen.add(name);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) fail(name, `expected a list, got ${kind(v)}`);
    return v as Json[];
  };
  const compare = list('compare').map((item, i) => compareOf(fail, `compare[${i}]`, item));
  const success = await Promise.all(list('success').map((item, i) => requestOf(fail, `success[${i}]`, item, o.io)));
  const failure = await Promise.all(list('failure').map((item, i) => requestOf(fail, `failure[${i}]`, item, o.io)));
  top.done();
  return TxnRequest.fromPartial({ compare, success, failure });
}

function compareOf(fail: (p: string, m: string) => never, path: string, item: Json): Compare {
  if (typeof item === 'string') return parseCompare(item);
  const f = Fields.of(fail, path, item);
  const range = rangeOf(f, false);
  const targetName = f.string('target');
  if (targetName === undefined) fail(`${path}.target`, 'missing (version, create, mod, value or lease)');
  const target = TARGETS[targetName.toLowerCase()];
  if (target === undefined)
    fail(`${path}.target`, `unknown target "${targetName}" (version, create, mod, value or lease)`);
  const resultName = f.string('result');
  if (resultName === undefined) fail(`${path}.result`, 'missing (=, !=, > or <)');
  const result = RESULTS[resultName.toLowerCase()];
  if (result === undefined) fail(`${path}.result`, `unknown result "${resultName}" (=, !=, > or <)`);
  let union: Partial<Compare>;
  if (target === Target.VALUE) union = { value: f.bytes('value', true) };
  else if (target === Target.LEASE) {
    const raw = f.obj.value;
    f.seen.add('value');
    let lease: bigint | undefined;
    if (typeof raw === 'string' && /^[0-9a-fA-F]{1,16}$/.test(raw)) lease = BigInt.asIntN(64, BigInt(`0x${raw}`));
    else if (typeof raw === 'bigint' || (typeof raw === 'number' && Number.isSafeInteger(raw))) lease = BigInt(raw);
    if (lease === undefined) fail(`${path}.value`, 'expected a lease ID (hex string, or 0 for none)');
    union = { lease };
  } else {
    const v = f.int('value');
    union =
      target === Target.VERSION
        ? { version: v }
        : target === Target.CREATE
          ? { create_revision: v }
          : { mod_revision: v };
  }
  f.done();
  return Compare.fromPartial({ ...range, target, result, ...union });
}

async function requestOf(
  fail: (p: string, m: string) => never,
  path: string,
  item: Json,
  io: RequestIo,
): Promise<RequestOp> {
  if (typeof item === 'string') return parseRequestLine(item, io);
  const outer = Fields.of(fail, path, item);
  const kinds = Object.keys(outer.obj);
  if (kinds.length !== 1 || !['put', 'get', 'delete', 'del'].includes(kinds[0])) {
    fail(path, 'expected exactly one of put, get or delete');
  }
  const op = kinds[0];
  const f = Fields.of(fail, `${path}.${op}`, outer.obj[op]);
  let req: RequestOp;
  if (op === 'put') {
    const key = f.bytes('key', true) as Buffer;
    const ignoreValue = f.bool('ignore_value');
    const value = f.bytes('value', !ignoreValue) ?? Buffer.alloc(0);
    if (ignoreValue && value.length > 0) fail(f.path, 'value and ignore_value exclude each other');
    const leaseText = f.string('lease');
    let lease = 0n;
    if (leaseText !== undefined) {
      if (!/^[0-9a-fA-F]{1,16}$/.test(leaseText))
        fail(`${f.path}.lease`, `expected a lease ID in hex, got "${leaseText}"`);
      lease = BigInt.asIntN(64, BigInt(`0x${leaseText}`));
    }
    req = {
      request_put: PutRequest.fromPartial({
        key,
        value,
        lease,
        prev_kv: f.bool('prev_kv'),
        ignore_value: ignoreValue,
        ignore_lease: f.bool('ignore_lease'),
      }),
    };
  } else if (op === 'get') {
    const range = rangeOf(f, true);
    req = {
      request_range: RangeRequest.fromPartial({
        ...range,
        limit: f.int('limit'),
        revision: f.int('revision'),
        keys_only: f.bool('keys_only'),
        count_only: f.bool('count_only'),
        serializable: f.bool('serializable'),
      }),
    };
  } else {
    const range = rangeOf(f, true);
    req = { request_delete_range: DeleteRangeRequest.fromPartial({ ...range, prev_kv: f.bool('prev_kv') }) };
  }
  f.done();
  return req;
}
