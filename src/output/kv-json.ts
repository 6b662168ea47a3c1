/**
 * `get -w json` of a range read page by page: etcdctl's single RangeResponse
 * object, byte for byte, written as the pages arrive: `{"header":…` from the
 * first page, `,"kvs":[` before the first key, each page's keys, then
 * `],"count":N}`. The count is the first page's (the total at the pinned
 * revision); `more` is false once every page is read, so it is omitted.
 * Field order and omitempty are messageJson's; the key-values (the bulk of a
 * large output) are encoded straight from the received bytes into one Buffer
 * per page: no string or object per key-value.
 */
import { KvCursor, type RangePage } from '../proto/fast-decode';
import { messageJson } from './json';

const B64 = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
/** Longest JSON of a KeyValue's fixed text and four int64 fields. */
const KV_FIXED_MAX = 160;

/** One page's JSON bytes, written in place (ASCII only). */
class PageBuffer {
  readonly out: Buffer;
  at = 0;

  constructor(size: number) {
    this.out = Buffer.allocUnsafe(size);
  }

  ascii(s: string): void {
    for (let i = 0; i < s.length; i++) this.out[this.at++] = s.charCodeAt(i);
  }

  /** Standard base64 with padding (encoding/json's []byte). */
  base64(src: Buffer, start: number, end: number): void {
    const out = this.out;
    let o = this.at;
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (src[i] << 16) | (src[i + 1] << 8) | src[i + 2];
      out[o++] = B64[n >>> 18];
      out[o++] = B64[(n >>> 12) & 63];
      out[o++] = B64[(n >>> 6) & 63];
      out[o++] = B64[n & 63];
    }
    if (i < end) {
      const two = i + 1 < end;
      const n = (src[i] << 16) | (two ? src[i + 1] << 8 : 0);
      out[o++] = B64[n >>> 18];
      out[o++] = B64[(n >>> 12) & 63];
      out[o++] = two ? B64[(n >>> 6) & 63] : 0x3d;
      out[o++] = 0x3d;
    }
    this.at = o;
  }

  /** A JSON field `,"name":value` of a non-zero integer (omitempty). */
  int(name: string, v: number | bigint): void {
    if (v === 0) return;
    this.ascii(name);
    this.ascii(String(v));
  }
}

/** messageJson of one KeyValue read in place (omitempty on every field). */
function keyValueJson(w: PageBuffer, c: KvCursor): void {
  const start = w.at;
  if (c.keyEnd > c.keyStart) {
    w.ascii(',"key":"');
    w.base64(c.buf, c.keyStart, c.keyEnd);
    w.out[w.at++] = 0x22;
  }
  w.int(',"create_revision":', c.createRevision);
  w.int(',"mod_revision":', c.modRevision);
  w.int(',"version":', c.version);
  if (c.valueEnd > c.valueStart) {
    w.ascii(',"value":"');
    w.base64(c.buf, c.valueStart, c.valueEnd);
    w.out[w.at++] = 0x22;
  }
  w.int(',"lease":', c.lease);
  // The first field's comma becomes the object's brace.
  if (w.at === start) w.out[w.at++] = 0x7b;
  else w.out[start] = 0x7b;
  w.out[w.at++] = 0x7d;
}

export interface RangeJsonWriter {
  /** Bytes for one page (the first page also opens the object). */
  page(resp: RangePage): Buffer;
  /** The closing text, after the last page. */
  end(): string;
}

export function rangeJsonWriter(): RangeJsonWriter {
  let started = false;
  let fields = 0;
  let inKvs = false;
  let count = 0n;
  return {
    page(resp) {
      let head = '';
      if (!started) {
        started = true;
        count = resp.count;
        head = '{';
        if (resp.header) {
          head += `"header":${messageJson(resp.header as never)}`;
          fields++;
        }
      }
      const spans = resp.spans;
      if (spans.length > 0) {
        if (!inKvs) {
          inKvs = true;
          head += `${fields++ > 0 ? ',' : ''}"kvs":[`;
        } else head += ',';
      }
      // Base64 is at most 4/3 of the bytes (+4): bounded by twice the message.
      const w = new PageBuffer(head.length + resp.buf.length * 2 + (spans.length / 2) * (KV_FIXED_MAX + 8));
      w.ascii(head);
      const c = new KvCursor(resp.buf);
      for (let i = 0; i < spans.length; i += 2) {
        if (i > 0) w.out[w.at++] = 0x2c;
        keyValueJson(w, c.at(spans[i], spans[i + 1]));
      }
      return w.out.subarray(0, w.at);
    },
    end() {
      let s = inKvs ? ']' : '';
      if (count !== 0n) s += `${fields > 0 ? ',' : ''}"count":${count}`;
      return `${s}}\n`;
    },
  };
}
