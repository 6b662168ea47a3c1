/**
 * `get -w json` of a range read page by page: etcdctl's single RangeResponse
 * object, byte for byte, written as the pages arrive: `{"header":…` from the
 * first page, `,"kvs":[` before the first key, each page's keys, then
 * `],"count":N}`. The count is the first page's (the total at the pinned
 * revision); `more` is false once every page is read, so it is omitted.
 * Field order and omitempty are messageJson's; the key-values are written
 * here without the generic walker (the bulk of a large output).
 */
import { KvCursor, type RangePage } from '../proto/fast-decode';
import { messageJson } from './json';

/** messageJson of one KeyValue read in place (omitempty on every field). */
function keyValueJson(c: KvCursor): string {
  const buf = c.buf;
  let s = '';
  if (c.keyEnd > c.keyStart) s += `,"key":"${buf.toString('base64', c.keyStart, c.keyEnd)}"`;
  if (c.createRevision !== 0) s += `,"create_revision":${c.createRevision}`;
  if (c.modRevision !== 0) s += `,"mod_revision":${c.modRevision}`;
  if (c.version !== 0) s += `,"version":${c.version}`;
  if (c.valueEnd > c.valueStart) s += `,"value":"${buf.toString('base64', c.valueStart, c.valueEnd)}"`;
  if (c.lease !== 0) s += `,"lease":${c.lease}`;
  return `{${s.slice(1)}}`;
}

export interface RangeJsonWriter {
  /** Text for one page (the first page also opens the object). */
  page(resp: RangePage): string;
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
      let s = '';
      if (!started) {
        started = true;
        count = resp.count;
        s = '{';
        if (resp.header) {
          s += `"header":${messageJson(resp.header as never)}`;
          fields++;
        }
      }
      const spans = resp.spans;
      if (spans.length === 0) return s;
      const c = new KvCursor(resp.buf);
      const parts: string[] = new Array(spans.length / 2);
      for (let i = 0; i < spans.length; i += 2) parts[i / 2] = keyValueJson(c.at(spans[i], spans[i + 1]));
      if (!inKvs) {
        inKvs = true;
        s += `${fields++ > 0 ? ',' : ''}"kvs":[`;
      } else s += ',';
      return s + parts.join(',');
    },
    end() {
      let s = inKvs ? ']' : '';
      if (count !== 0n) s += `${fields > 0 ? ',' : ''}"count":${count}`;
      return `${s}}\n`;
    },
  };
}
