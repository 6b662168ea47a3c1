/**
 * Helpers reproducing Go encoding/json output byte for byte.
 *
 * Values handed to `jsonObject` / `jsonArray` are already-serialized JSON
 * fragments, which keeps 64-bit integers exact: serialize them with
 * `jsonInt` (bigint → bare decimal) instead of going through JS numbers.
 */

import { CONTROL_ESCAPES, decodeRune, hex, utf8Bytes } from './quote';

/** encoding/json's escapes: the shared control-character ones plus `"` and `\`. */
const JSON_ESCAPES: Readonly<Record<number, string>> = { ...CONTROL_ESCAPES, 0x22: '\\"', 0x5c: '\\\\' };

/**
 * Go encoding/json string encoding (with HTML escaping, the default of
 * json.Marshal): returns the quoted JSON string.
 *  - `"` and `\` are backslash-escaped; `\b`, `\f`, `\n`, `\r`, `\t` use
 *    short escapes (Go >= 1.22, which etcdctl 3.6 is built with; older Go
 *    and thus the 3.4 oracle write `\u0008` / `\u000c` instead);
 *  - other bytes < 0x20 become `\u00XX` (lowercase hex);
 *  - `<`, `>`, `&` become `\u003c`, `\u003e`, `\u0026`;
 *  - U+2028 / U+2029 become `\u2028` / `\u2029`;
 *  - every invalid UTF-8 byte becomes `\ufffd`.
 */
export function jsonString(s: string | Uint8Array): string {
  const b = utf8Bytes(s);
  let out = '"';
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c !== 0x3c && c !== 0x3e && c !== 0x26) {
        out += String.fromCharCode(c);
        continue;
      }
      out += JSON_ESCAPES[c] ?? '\\u00' + hex(c, 2);
      continue;
    }
    const [r, size] = decodeRune(b, i);
    if (r < 0) {
      out += '\\ufffd';
      i += 1;
      continue;
    }
    i += size;
    if (r === 0x2028 || r === 0x2029) {
      out += '\\u' + hex(r, 4);
      continue;
    }
    out += String.fromCodePoint(r);
  }
  return out + '"';
}

/** A []byte field as encoding/json writes it: quoted standard base64 with padding. */
export function jsonBase64(b: Uint8Array): string {
  return '"' + Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64') + '"';
}

/** An integer (int64/uint64/uint32 …) as a bare JSON number. */
export function jsonInt(n: bigint | number): string {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) {
    throw new RangeError(`jsonInt: ${n} is not a safe integer; pass a bigint`);
  }
  return n.toString();
}

/** A Go bool. */
export function jsonBool(v: boolean): string {
  return v ? 'true' : 'false';
}

/**
 * A JSON object from [name, fragment] pairs in insertion order, without any
 * whitespace (`{"a":1,"b":"x"}`). Pairs whose fragment is `undefined` are
 * skipped, which is how `omitempty` fields are expressed by callers.
 * Field names are encoded with `jsonString`.
 */
export function jsonObject(entries: ReadonlyArray<readonly [string, string | undefined]>): string {
  const parts: string[] = [];
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    parts.push(jsonString(name) + ':' + value);
  }
  return '{' + parts.join(',') + '}';
}

/**
 * A JSON array of already-serialized fragments. `null` for a nil slice
 * (pass `null`/`undefined`), `[]` for an empty one.
 */
export function jsonArray(items: ReadonlyArray<string> | null | undefined): string {
  if (items === null || items === undefined) return 'null';
  return '[' + items.join(',') + ']';
}
