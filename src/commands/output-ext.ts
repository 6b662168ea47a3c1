/**
 * The extension formats of get and watch (README "JSON lines and raw output"): the
 * --separator flag of -w raw, and the flag combinations each format accepts, checked
 * before anything is read (etcdctl's own format checks of get come after its RPC).
 */
import { flag, type FlagOpts } from '../cli/flags';
import { badArgs } from '../errors';
import { parseSeparator } from '../output/raw';
import type { OutputFormat } from '../settings';

export const RAW_FLAGS = {
  separator: flag.string('with -w raw: bytes written after each item (escapes \\n \\t \\0 \\\\; none by default)', '', {
    extension: true,
  }),
};
export type RawFlags = FlagOpts<typeof RAW_FLAGS>;

/** The bytes -w raw writes after each item; --separator with any other format is a bad argument. */
export function rawSeparator(format: OutputFormat, f: RawFlags): Buffer {
  if (f.separator !== '' && format !== 'raw') throw badArgs('--separator is only for `--write-out=raw`');
  return parseSeparator(f.separator);
}

interface GetFormatFlags {
  keysOnly: boolean;
  countOnly: boolean;
  printValueOnly: boolean;
}

/**
 * get -w jsonl: a line per key (--keys-only leaves the values out) or the count (--count-only).
 * get -w raw: the values (--print-value-only) or the keys (--keys-only), exactly one of them.
 */
export function checkGetExtensionFormat(format: OutputFormat, f: GetFormatFlags): void {
  if (format === 'jsonl' && f.printValueOnly)
    throw badArgs('print-value-only is only for `--write-out=simple` and `--write-out=raw`');
  if (format !== 'raw') return;
  if (f.countOnly) throw badArgs('--count-only is only for `--write-out=fields` and `--write-out=jsonl`');
  if (f.printValueOnly && f.keysOnly)
    throw badArgs(
      '`--print-value-only` and `--keys-only` cannot be set at the same time with `--write-out=raw`, choose one',
    );
  if (!f.printValueOnly && !f.keysOnly)
    throw badArgs('`--write-out=raw` needs `--print-value-only` (values) or `--keys-only` (keys)');
}
