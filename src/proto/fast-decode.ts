/**
 * Hand-written decoders for the messages that carry key-values by the
 * thousand: RangeResponse (paged get) and WatchResponse (watch bursts). The generated codec makes an object, two Buffer
 * copies and four BigInts per key-value, which costs a paged `get` most of its
 * CPU and memory; here a page stays the received bytes plus the offsets of its
 * KeyValue messages, and printers read the fields in place (KvCursor). Unknown
 * fields are skipped and absent ones keep their defaults, as in the generated
 * codec, whose KeyValue objects pageKeyValues still makes when a printer needs them.
 */
import type { Event, Event_EventType, KeyValue } from './gen/kv';
import type { ResponseHeader, WatchResponse } from './gen/rpc';

class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start: number,
  ) {
    this.pos = start;
  }

  private fail(): never {
    throw new Error('invalid protobuf message: truncated or malformed');
  }

  /** A varint below 2^32 (tags, lengths). */
  uint32(): number {
    const buf = this.buf;
    let n = 0;
    let mul = 1;
    for (let i = 0; i < 5; i++) {
      const b = buf[this.pos++];
      if (b === undefined) this.fail();
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 128;
    }
    return this.fail();
  }

  /** A 64-bit varint as int64 (signed) or uint64. Up to 49 bits in plain numbers. */
  int64(signed: boolean): bigint {
    const buf = this.buf;
    let n = 0;
    let mul = 1;
    for (let i = 0; i < 7; i++) {
      const b = buf[this.pos++];
      if (b === undefined) this.fail();
      n += (b & 0x7f) * mul;
      if (b < 0x80) return BigInt(n);
      mul *= 128;
    }
    let v = BigInt(n);
    for (let shift = 49n; shift < 70n; shift += 7n) {
      const b = buf[this.pos++];
      if (b === undefined) this.fail();
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) {
        v = BigInt.asUintN(64, v);
        return signed ? BigInt.asIntN(64, v) : v;
      }
    }
    return this.fail();
  }

  /** Skips a field of the given wire type. */
  skip(wireType: number): void {
    if (wireType === 0) this.int64(false);
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.pos += this.uint32();
    else if (wireType === 5) this.pos += 4;
    else this.fail();
    if (this.pos > this.buf.length) this.fail();
  }
}

function header(r: Reader, end: number): ResponseHeader {
  const h: ResponseHeader = { cluster_id: 0n, member_id: 0n, revision: 0n, raft_term: 0n };
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 8) h.cluster_id = r.int64(false);
    else if (tag === 16) h.member_id = r.int64(false);
    else if (tag === 24) h.revision = r.int64(true);
    else if (tag === 32) h.raft_term = r.int64(false);
    else r.skip(tag & 7);
  }
  return h;
}

/** A 64-bit varint as a plain number when exact (below 2^53), else a bigint. */
function int64n(r: Reader, signed: boolean): number | bigint {
  const start = r.pos;
  const buf = r.buf;
  let n = 0;
  let mul = 1;
  for (let i = 0; i < 7; i++) {
    const b = buf[r.pos++];
    if (b === undefined) break;
    n += (b & 0x7f) * mul;
    if (b < 0x80) return n;
    mul *= 128;
  }
  r.pos = start;
  const v = r.int64(signed);
  return v >= -0x1fffffffffffffn && v <= 0x1fffffffffffffn ? Number(v) : v;
}

/** The fields of one KeyValue message read in place: offsets of key and value in `buf`. */
export class KvCursor {
  keyStart = 0;
  keyEnd = 0;
  valueStart = 0;
  valueEnd = 0;
  createRevision: number | bigint = 0;
  modRevision: number | bigint = 0;
  version: number | bigint = 0;
  lease: number | bigint = 0;
  private readonly r: Reader;

  constructor(readonly buf: Buffer) {
    this.r = new Reader(buf, 0);
  }

  /** Reads the KeyValue message at buf[start, end). */
  at(start: number, end: number): this {
    const r = this.r;
    r.pos = start;
    this.keyStart = this.keyEnd = this.valueStart = this.valueEnd = 0;
    this.createRevision = this.modRevision = this.version = this.lease = 0;
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === 10 || tag === 42) {
        const len = r.uint32();
        const from = r.pos;
        r.pos += len;
        if (r.pos > end) throw new Error('invalid protobuf message: truncated or malformed');
        if (tag === 10) [this.keyStart, this.keyEnd] = [from, r.pos];
        else [this.valueStart, this.valueEnd] = [from, r.pos];
      } else if (tag === 16) this.createRevision = int64n(r, true);
      else if (tag === 24) this.modRevision = int64n(r, true);
      else if (tag === 32) this.version = int64n(r, true);
      else if (tag === 48) this.lease = int64n(r, true);
      else r.skip(tag & 7);
    }
    return this;
  }
}

/** A RangeResponse as received: its scalar fields, and where each KeyValue lies in `buf`. */
export interface RangePage {
  header: ResponseHeader | undefined;
  more: boolean;
  count: bigint;
  buf: Buffer;
  /** Start and end offset of each KeyValue message, in pairs (kvs[i] is spans[2i], spans[2i+1]). */
  spans: number[];
}

export function decodeRangePage(buf: Buffer): RangePage {
  const r = new Reader(buf, 0);
  const page: RangePage = { header: undefined, more: false, count: 0n, buf, spans: [] };
  while (r.pos < buf.length) {
    const tag = r.uint32();
    if (tag === 10 || tag === 18) {
      const end = r.uint32() + r.pos;
      if (end > buf.length) throw new Error('invalid protobuf message: truncated or malformed');
      if (tag === 10) page.header = header(r, end);
      else page.spans.push(r.pos, end);
      r.pos = end;
    } else if (tag === 24) page.more = r.int64(false) !== 0n;
    else if (tag === 32) page.count = r.int64(true);
    else r.skip(tag & 7);
  }
  return page;
}

export const pageSize = (page: RangePage): number => page.spans.length / 2;

/** The key of the page's last key-value (a copy), or undefined for an empty page. */
export function lastKey(page: RangePage): Buffer | undefined {
  const n = page.spans.length;
  if (n === 0) return undefined;
  const c = new KvCursor(page.buf).at(page.spans[n - 2], page.spans[n - 1]);
  return Buffer.from(page.buf.subarray(c.keyStart, c.keyEnd));
}

/** The page's key-values as the generated codec's objects (for the printers that need them). */
export function pageKeyValues(page: RangePage): KeyValue[] {
  const c = new KvCursor(page.buf);
  const kvs: KeyValue[] = [];
  for (let i = 0; i < page.spans.length; i += 2) {
    c.at(page.spans[i], page.spans[i + 1]);
    kvs.push({
      key: Buffer.from(page.buf.subarray(c.keyStart, c.keyEnd)),
      create_revision: BigInt(c.createRevision),
      mod_revision: BigInt(c.modRevision),
      version: BigInt(c.version),
      value: Buffer.from(page.buf.subarray(c.valueStart, c.valueEnd)),
      lease: BigInt(c.lease),
    });
  }
  return kvs;
}

/** A KeyValue object whose key and value are views of `buf` (zero-copy). */
function keyValueView(c: KvCursor): KeyValue {
  return {
    key: c.buf.subarray(c.keyStart, c.keyEnd),
    create_revision: BigInt(c.createRevision),
    mod_revision: BigInt(c.modRevision),
    version: BigInt(c.version),
    value: c.buf.subarray(c.valueStart, c.valueEnd),
    lease: BigInt(c.lease),
  };
}

function event(r: Reader, c: KvCursor, end: number): Event {
  const ev: Event = { type: 0, kv: undefined, prev_kv: undefined };
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 8) ev.type = Number(r.int64(true)) as Event_EventType;
    else if (tag === 18 || tag === 26) {
      const kvEnd = r.uint32() + r.pos;
      if (kvEnd > end) throw new Error('invalid protobuf message: truncated or malformed');
      const kv = keyValueView(c.at(r.pos, kvEnd));
      if (tag === 18) ev.kv = kv;
      else ev.prev_kv = kv;
      r.pos = kvEnd;
    } else r.skip(tag & 7);
  }
  return ev;
}

/**
 * WatchResponse.decode with keys and values as views of the received message:
 * a burst of events costs no Buffer copies.
 */
export function decodeWatchResponse(buf: Buffer): WatchResponse {
  const r = new Reader(buf, 0);
  const c = new KvCursor(buf);
  const resp: WatchResponse = {
    header: undefined,
    watch_id: 0n,
    created: false,
    canceled: false,
    compact_revision: 0n,
    cancel_reason: '',
    fragment: false,
    events: [],
  };
  while (r.pos < buf.length) {
    const tag = r.uint32();
    const wire = tag & 7;
    const field = tag >>> 3;
    if (wire === 2 && (field === 1 || field === 6 || field === 11)) {
      const end = r.uint32() + r.pos;
      if (end > buf.length) throw new Error('invalid protobuf message: truncated or malformed');
      if (field === 1) resp.header = header(r, end);
      else if (field === 6) resp.cancel_reason = buf.toString('utf8', r.pos, end);
      else resp.events.push(event(r, c, end));
      r.pos = end;
    } else if (tag === 16) resp.watch_id = r.int64(true);
    else if (tag === 24) resp.created = r.int64(false) !== 0n;
    else if (tag === 32) resp.canceled = r.int64(false) !== 0n;
    else if (tag === 40) resp.compact_revision = r.int64(true);
    else if (tag === 56) resp.fragment = r.int64(false) !== 0n;
    else r.skip(wire);
  }
  return resp;
}
