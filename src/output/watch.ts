/**
 * Watch output (docs/etcdctl-behaviour.md §6.6.5): one rendering per received response, in every
 * -w format but table; plus the pure helpers of the terminal experience
 * (coloured event types, connection-state lines on stderr).
 */
import { KeyValue, type Event, type Event_EventType } from '../proto/gen/kv';
import { WatchResponse } from '../proto/gen/rpc';
import type { WatchState, WatchView } from '../watch-types';
import { eventTypeName, fieldsHeader, fieldsKV, simpleKV } from './common';
import { messageJson } from './json';
import type { KindRenderers } from './printer';
import type { OutputFormat } from '../settings';
import { jsonlEvent, jsonlProgress } from './jsonl';
import { rawPutValues } from './raw';
import { goQuoteList } from '../go/quote';
import type { Compat } from '../compat';

/** Decorates the event type word (colour on a terminal); identity otherwise. */
export type TypeLabel = (name: string, type: Event_EventType) => string;

const plain: TypeLabel = (name) => name;

/** The zero KeyValue (an event without one prints as empty). */
const emptyKV = (): KeyValue => KeyValue.fromPartial({});

function simpleEvent(ev: Event, hex: boolean, label: TypeLabel): Buffer {
  const parts: Buffer[] = [Buffer.from(`${label(eventTypeName(ev.type), ev.type)}\n`)];
  if (ev.prev_kv) parts.push(simpleKV(ev.prev_kv, hex));
  parts.push(simpleKV(ev.kv ?? emptyKV(), hex));
  return Buffer.concat(parts);
}

/** simpleEvent of every event of a response without --hex: one Buffer, no per-event allocation. */
function simpleEvents(events: Event[], label: TypeLabel): Buffer {
  const labels = events.map((ev) => `${label(eventTypeName(ev.type), ev.type)}\n`);
  const kvSize = (kv: KeyValue | undefined): number => (kv ? kv.key.length + kv.value.length + 2 : 2);
  let size = 0;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i];
    size += Buffer.byteLength(labels[i]) + (ev.prev_kv ? kvSize(ev.prev_kv) : 0) + kvSize(ev.kv);
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  const put = (kv: KeyValue | undefined): void => {
    if (kv) at += kv.key.copy(out, at);
    out[at++] = 0x0a;
    if (kv) at += kv.value.copy(out, at);
    out[at++] = 0x0a;
  };
  for (let i = 0; i < events.length; i++) {
    at += out.write(labels[i], at);
    if (events[i].prev_kv) put(events[i].prev_kv);
    put(events[i].kv);
  }
  return out;
}

/**
 * Go encoding/json of clientv3.WatchResponse (exported fields, struct order, none omitted).
 * 3.7 (docs/etcdctl-3.7-behaviour.md §4.3): a sixth key `CancelReason` (always "" in what etcdctl prints), and a
 * response without events has `"Events":null` (the decoded list is passed through, not copied).
 */
export function watchJson(r: WatchView, compat: Compat = '3.6'): string {
  const list = compat === '3.6' || r.events === null || r.events.length > 0 ? r.events : null;
  const events = list === null ? 'null' : `[${list.map((e) => messageJson(e as never)).join(',')}]`;
  const reason = compat === '3.6' ? '' : ',"CancelReason":""';
  return (
    `{"Header":${messageJson(r.header as never)},"Events":${events},` +
    `"CompactRevision":${r.compactRevision},"Canceled":${r.canceled},"Created":${r.created}${reason}}\n`
  );
}

/**
 * The printer of each -w format; table is unsupported (exit 4 at the first response).
 * Extensions: jsonl (a line per event) and raw (PUT values, each followed by `separator`).
 */
export function watchRenderers(
  label: TypeLabel = plain,
  separator: Uint8Array = Buffer.alloc(0),
): KindRenderers<WatchView> {
  return {
    simple: (r, o) =>
      o.hex
        ? Buffer.concat((r.events ?? []).map((ev) => simpleEvent(ev, true, label)))
        : simpleEvents(r.events ?? [], label),
    json: (r, o) => watchJson(r, o.compat),
    fields: (r, o) =>
      fieldsHeader(r.header, o.hex) +
      (r.events ?? [])
        .map(
          (ev) =>
            `"Type" : ${label(eventTypeName(ev.type), ev.type)}\n` +
            (ev.prev_kv ? fieldsKV(ev.prev_kv, 'Prev', o.hex) : '') +
            fieldsKV(ev.kv ?? emptyKV(), '', o.hex),
        )
        .join(''),
    protobuf: (r) =>
      WatchResponse.encode(
        WatchResponse.fromPartial({
          header: r.header,
          events: r.events ?? [],
          compact_revision: r.compactRevision,
          canceled: r.canceled,
          created: r.created,
        }),
      ).finish(),
    jsonl: (r) => (r.events ?? []).map(jsonlEvent).join(''),
    raw: (r) => rawPutValues(r.events ?? [], separator),
  };
}

/** `progress notify: <rev>` (printed before the response itself, whatever the format). */
export function progressLine(r: WatchView): string {
  return `progress notify: ${r.header.revision}\n`;
}

/** The progress notification in `format`: etcdctl's line, a jsonl object, nothing with raw (values only). */
export function progressText(r: WatchView, format: OutputFormat): string {
  if (format === 'jsonl') return jsonlProgress(r.header.revision);
  return format === 'raw' ? '' : progressLine(r);
}

/** `watch was canceled (<err>)` on stderr. */
export function canceledLine(r: WatchView): string {
  return `watch was canceled (${r.err ?? ''})\n`;
}

/** `command ["sh" "-c" "exit 3"] error (exit status 3)`: Go's %q of a []string. */
export function execErrorLine(execArgs: string[], err: string): string {
  return `command ${goQuoteList(execArgs)} error (${err})\n`;
}

/** NO_COLOR (no-color.org): present and not empty disables colour. */
export function noColor(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

/** Event types are coloured only on a terminal, without NO_COLOR, and never in json or protobuf. */
export function colorEventTypes(stdoutIsTTY: boolean, env: NodeJS.ProcessEnv, format: string): boolean {
  return stdoutIsTTY && !noColor(env) && format !== 'json' && format !== 'protobuf';
}

/** The stderr line for a connection state change (shown only when stderr is a terminal). */
export function stateLine(s: WatchState): string {
  switch (s.kind) {
    case 'connecting':
      return 'watch: connecting...\n';
    case 'watching':
      return `watch: watching from revision ${s.revision} (${s.peer})\n`;
    case 'reconnecting':
      return `watch: connection lost (${s.error}), reconnecting...\n`;
    case 'resumed':
      return `watch: resumed at revision ${s.revision} (${s.peer})\n`;
  }
}
