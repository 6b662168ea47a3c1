/**
 * Writes a range read page by page (client/paged-range) in the formats whose
 * bytes do not depend on seeing the whole range first: simple, one Buffer per
 * page, and json, one object written as it arrives (kv-json). Each page waits
 * for stdout to drain, so memory stays flat for any key count.
 */
import type { OutputFormat } from '../cli/config';
import type { RangeResponse } from '../proto/gen/rpc';
import { getRenderers } from './kv';
import { rangeJsonWriter } from './kv-json';
import type { Output } from './stream';

/** Formats written page by page. */
export function streamsPages(format: OutputFormat): boolean {
  return format === 'simple' || format === 'json';
}

export interface PagedGetOptions {
  format: OutputFormat;
  hex: boolean;
  printValueOnly: boolean;
  /** Runs once the first page is in, before anything is written (flag checks that follow the RPC). */
  beforeFirst: () => void;
}

export async function writeRangePages(pages: AsyncIterable<RangeResponse>, out: Output, o: PagedGetOptions): Promise<void> {
  const json = o.format === 'json' ? rangeJsonWriter() : undefined;
  const simple = getRenderers.simple!;
  let first = true;
  for await (const resp of pages) {
    if (first) {
      first = false;
      o.beforeFirst();
    }
    out.write(json ? json.page(resp) : simple({ resp, printValueOnly: o.printValueOnly }, { hex: o.hex }));
    await out.drain();
  }
  if (json) out.write(json.end());
}
