/** time.ParseDuration with Go semantics and Go error texts. */

import { GoParseError } from './error';

const utf8 = new TextEncoder();

/**
 * The `quote` helper of Go's time package (not strconv.Quote): ASCII
 * printable characters as is (`"` and `\` backslash-escaped), every byte of
 * a non-ASCII or control character as `\xNN`.
 */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c >= 0x80 || c < 0x20) {
      for (const byte of utf8.encode(ch)) {
        out += '\\x' + byte.toString(16).padStart(2, '0');
      }
    } else {
      if (c === 0x22 || c === 0x5c) out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

const UNIT_MAP: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // U+00B5 micro sign
  ['\u03bcs', 1_000n], // U+03BC Greek small letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const ONE_63 = 1n << 63n;

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** time.ParseDuration; returns nanoseconds. */
export function parseGoDuration(s: string): bigint {
  const orig = s;
  const invalid = (): GoParseError => new GoParseError('time: invalid duration ' + timeQuote(orig));
  let d = 0n;
  let neg = false;
  if (s !== '') {
    const c = s[0];
    if (c === '-' || c === '+') {
      neg = c === '-';
      s = s.slice(1);
    }
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  while (s !== '') {
    let v = 0n;
    let f = 0n;
    let scale = 1;
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid();
    // leadingInt
    let i = 0;
    for (; i < s.length && isDigit(s[i]); i++) {
      if (v > ONE_63 / 10n) throw invalid();
      v = v * 10n + BigInt(s.charCodeAt(i) - 0x30);
      if (v > ONE_63) throw invalid();
    }
    const pre = i > 0;
    s = s.slice(i);
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      // leadingFraction
      let j = 0;
      let overflow = false;
      for (; j < s.length && isDigit(s[j]); j++) {
        if (overflow) continue;
        if (f > (ONE_63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 0x30);
        if (y > ONE_63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    // Unit: everything up to the next '.' or digit.
    let k = 0;
    for (; k < s.length; k++) {
      if (s[k] === '.' || isDigit(s[k])) break;
    }
    if (k === 0) throw new GoParseError('time: missing unit in duration ' + timeQuote(orig));
    const u = s.slice(0, k);
    s = s.slice(k);
    const unit = UNIT_MAP.get(u);
    if (unit === undefined) {
      throw new GoParseError('time: unknown unit ' + timeQuote(u) + ' in duration ' + timeQuote(orig));
    }
    if (v > ONE_63 / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // Go: v += uint64(float64(f) * (float64(unit) / scale))
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > ONE_63) throw invalid();
    }
    d += v;
    if (d > ONE_63) throw invalid();
  }
  if (neg) return -d;
  if (d > ONE_63 - 1n) throw invalid();
  return d;
}
