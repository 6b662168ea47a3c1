/**
 * `-w raw` (an extension, README "JSON lines and raw output"): each item's exact bytes
 * (get: values or keys; watch: the values of PUT events), each followed by the
 * --separator bytes when one is given, and nothing else: no newline, no escaping.
 */
import { badArgs } from '../errors';
import { Event_EventType, type Event, type KeyValue } from '../proto/gen/kv';

const ESCAPES: Record<string, number> = { n: 0x0a, t: 0x09, '0': 0x00, '\\': 0x5c };

/** --separator's bytes: the text as UTF-8 with `\n`, `\t`, `\0` and `\\` unescaped; any other backslash is refused. */
export function parseSeparator(text: string): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', from)) {
    const code = ESCAPES[text[i + 1] ?? ''];
    if (code === undefined) {
      const next = text.codePointAt(i + 1);
      throw badArgs(
        next === undefined
          ? '--separator ends with a lone \\ (write \\\\ for a backslash)'
          : `--separator: unknown escape \\${String.fromCodePoint(next)} (known: \\n \\t \\0 \\\\)`,
      );
    }
    parts.push(Buffer.from(text.slice(from, i)), Buffer.from([code]));
    from = i + 2;
  }
  parts.push(Buffer.from(text.slice(from)));
  return Buffer.concat(parts);
}

/** The items, each followed by `sep` (empty: the items back to back). */
export function rawItems(items: readonly Uint8Array[], sep: Uint8Array): Buffer {
  let size = 0;
  for (const b of items) size += b.length + sep.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const b of items) {
    out.set(b, at);
    at += b.length;
    out.set(sep, at);
    at += sep.length;
  }
  return out;
}

/** get -w raw: the value (--print-value-only) or the key (--keys-only) of each key-value. */
export const rawKvs = (kvs: readonly KeyValue[], values: boolean, sep: Uint8Array): Buffer =>
  rawItems(
    kvs.map((kv) => (values ? kv.value : kv.key)),
    sep,
  );

/** watch -w raw: the value of each PUT event; a DELETE event has no value and writes nothing. */
export function rawPutValues(events: readonly Event[], sep: Uint8Array): Buffer {
  return rawItems(
    events.filter((ev) => ev.type === Event_EventType.PUT).map((ev) => ev.kv?.value ?? Buffer.alloc(0)),
    sep,
  );
}
