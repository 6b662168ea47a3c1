/**
 * watch --prev-kv on a terminal (extension, simple format only): each event as its type,
 * its key and one `old → new` value line instead of etcdctl's four lines.
 */
import type { Event } from '../proto/gen/kv';
import { eventTypeName } from './common';
import type { TypeLabel } from './watch';

export function compactPrevKvEvents(events: Event[], label: TypeLabel): Buffer {
  return Buffer.concat(
    events.flatMap((ev) => [
      Buffer.from(`${label(eventTypeName(ev.type), ev.type)}\n`),
      ev.kv?.key ?? Buffer.alloc(0),
      Buffer.from('\n'),
      ev.prev_kv ? ev.prev_kv.value : Buffer.alloc(0),
      Buffer.from(' → '),
      ev.type === 1 ? Buffer.alloc(0) : (ev.kv?.value ?? Buffer.alloc(0)),
      Buffer.from('\n'),
    ]),
  );
}
