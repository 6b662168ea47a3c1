/**
 * Writes a range read page by page (client/paged-range) in the formats whose
 * bytes do not depend on seeing the whole range first: simple, one Buffer per
 * page, json, one object written as it arrives (kv-json), and the extensions
 * jsonl (a line per key) and raw (the values or keys). Each page waits for
 * stdout to drain, so memory stays flat for any key count.
 */
import type { OutputFormat } from '../settings';
import { KvCursor, pageKeyValues, type RangePage } from '../proto/fast-decode';
import { simpleKV } from './common';
import { rangeJsonWriter } from './kv-json';
import type { Output } from './stream';
import { jsonlKvs } from './jsonl';
import { rawKvs } from './raw';

/** Formats written page by page. */
export function streamsPages(format: OutputFormat): boolean {
  return format === 'simple' || format === 'json' || format === 'jsonl' || format === 'raw';
}

export interface PagedGetOptions {
  format: OutputFormat;
  hex: boolean;
  printValueOnly: boolean;
  /** jsonl: the lines leave the (empty) value out. */
  keysOnly: boolean;
  /** raw: the bytes after each item. */
  separator: Uint8Array;
  /** Runs once the first page is in, before anything is written (flag checks that follow the RPC). */
  beforeFirst: () => void;
}

/** printKV of every key-value of a page, copied from the received bytes into one Buffer. */
function simplePage(page: RangePage, valueOnly: boolean): Buffer {
  const { buf, spans } = page;
  const c = new KvCursor(buf);
  const at = new Int32Array(spans.length * 2);
  let size = 0;
  for (let i = 0; i < spans.length; i += 2) {
    c.at(spans[i], spans[i + 1]);
    at[i * 2] = c.keyStart;
    at[i * 2 + 1] = c.keyEnd;
    at[i * 2 + 2] = c.valueStart;
    at[i * 2 + 3] = c.valueEnd;
    size += (valueOnly ? 0 : c.keyEnd - c.keyStart + 1) + c.valueEnd - c.valueStart + 1;
  }
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  for (let i = 0; i < at.length; i += 4) {
    if (!valueOnly) {
      o += buf.copy(out, o, at[i], at[i + 1]);
      out[o++] = 0x0a;
    }
    o += buf.copy(out, o, at[i + 2], at[i + 3]);
    out[o++] = 0x0a;
  }
  return out;
}

function simpleHexPage(page: RangePage, valueOnly: boolean): Buffer {
  return Buffer.concat(pageKeyValues(page).map((kv) => simpleKV(kv, true, valueOnly)));
}

/** The bytes of one page in the format (json: see writeRangePages). */
function pageText(o: PagedGetOptions): (page: RangePage) => string | Buffer {
  switch (o.format) {
    case 'jsonl':
      return (page) => jsonlKvs(pageKeyValues(page), o.keysOnly);
    case 'raw':
      return (page) => rawKvs(pageKeyValues(page), o.printValueOnly, o.separator);
    default: {
      const simple = o.hex ? simpleHexPage : simplePage;
      return (page) => simple(page, o.printValueOnly);
    }
  }
}

export async function writeRangePages(pages: AsyncIterable<RangePage>, out: Output, o: PagedGetOptions): Promise<void> {
  const json = o.format === 'json' ? rangeJsonWriter() : undefined;
  const text = json ? (page: RangePage) => json.page(page) : pageText(o);
  let first = true;
  for await (const resp of pages) {
    if (first) {
      first = false;
      o.beforeFirst();
    }
    out.write(text(resp));
    await out.drain();
  }
  if (json) out.write(json.end());
}
