/**
 * `get -w json` of a range read page by page: etcdctl's single RangeResponse
 * object, byte for byte, written as the pages arrive: `{"header":…` from the
 * first page, `,"kvs":[` before the first key, each page's keys, then
 * `],"count":N}`. The count is the first page's (the total at the pinned
 * revision); `more` is false once every page is read, so it is omitted.
 * Field order and omitempty are messageJson's; the key-values are written
 * here without the generic walker (the bulk of a large output).
 */
import type { KeyValue } from '../proto/gen/kv';
import type { RangeResponse } from '../proto/gen/rpc';
import { messageJson } from './json';

const b64 = (b: Buffer): string => b.toString('base64');

/** messageJson of one KeyValue (omitempty on every field). */
export function keyValueJson(kv: KeyValue): string {
  let s = '';
  if (kv.key.length > 0) s += `,"key":"${b64(kv.key)}"`;
  if (kv.create_revision !== 0n) s += `,"create_revision":${kv.create_revision}`;
  if (kv.mod_revision !== 0n) s += `,"mod_revision":${kv.mod_revision}`;
  if (kv.version !== 0n) s += `,"version":${kv.version}`;
  if (kv.value.length > 0) s += `,"value":"${b64(kv.value)}"`;
  if (kv.lease !== 0n) s += `,"lease":${kv.lease}`;
  return `{${s.slice(1)}}`;
}

export interface RangeJsonWriter {
  /** Text for one page (the first page also opens the object). */
  page(resp: RangeResponse): string;
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
      if (resp.kvs.length === 0) return s;
      const parts: string[] = new Array(resp.kvs.length);
      for (let i = 0; i < resp.kvs.length; i++) parts[i] = keyValueJson(resp.kvs[i]);
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
