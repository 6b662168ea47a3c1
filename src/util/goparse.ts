/**
 * Flag / argument value parsing with Go semantics and Go error texts:
 * strconv.ParseInt / ParseUint / ParseBool, time.ParseDuration and the
 * single-record encoding/csv read used by pflag's stringSlice.
 *
 * Error messages are exactly the `err.Error()` strings of the Go functions;
 * the CLI layer adds pflag's `invalid argument "…" for "…" flag: ` prefix.
 */

import { goQuote } from './goquote';

/** Error thrown by the parsers in this module; `message` is Go's error text. */
export class GoParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoParseError';
  }
}

type NumErr = 'syntax' | 'range';

const ERR_TEXT: Record<NumErr, string> = {
  syntax: 'invalid syntax',
  range: 'value out of range',
};

function numError(fn: 'ParseInt' | 'ParseUint', s: string, kind: NumErr): GoParseError {
  return new GoParseError(`strconv.${fn}: parsing ${goQuote(s)}: ${ERR_TEXT[kind]}`);
}

const MAX_UINT64 = (1n << 64n) - 1n;

function lower(c: number): number {
  return c | 0x20;
}

/** Go strconv.underscoreOK: underscores only between digits / after a base prefix. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0') {
    const c1 = lower(s.charCodeAt(1));
    if (c1 === 0x62 || c1 === 0x6f || c1 === 0x78) {
      i = 2;
      saw = '0';
      hex = c1 === 0x78;
    }
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (hex && lower(c) >= 0x61 && lower(c) <= 0x66)) {
      saw = '0';
      continue;
    }
    if (c === 0x5f) {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/**
 * Core of strconv.ParseUint. Returns the value or an error kind; on a range
 * error the returned value is the maximum for the bit size (as in Go, which
 * ParseInt relies on).
 */
function parseUintCore(s: string, base: number, bitSize: number): { n: bigint; err?: NumErr } {
  if (s === '') return { n: 0n, err: 'syntax' };
  const base0 = base === 0;
  const s0 = s;
  if (base === 0) {
    base = 10;
    if (s[0] === '0') {
      const c1 = s.length >= 3 ? lower(s.charCodeAt(1)) : -1;
      if (c1 === 0x62) {
        base = 2;
        s = s.slice(2);
      } else if (c1 === 0x6f) {
        base = 8;
        s = s.slice(2);
      } else if (c1 === 0x78) {
        base = 16;
        s = s.slice(2);
      } else {
        base = 8;
        s = s.slice(1);
      }
    }
  }
  const bigBase = BigInt(base);
  const cutoff = MAX_UINT64 / bigBase + 1n;
  const maxVal = (1n << BigInt(bitSize)) - 1n;
  let underscores = false;
  let n = 0n;
  // Go iterates over bytes; any non-ASCII byte is a syntax error, which a
  // per-UTF-16-unit loop reproduces (all such units are >= 0x80).
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c === 0x5f && base0) {
      underscores = true;
      continue;
    } else if (c >= 0x30 && c <= 0x39) {
      d = c - 0x30;
    } else if (c < 0x80 && lower(c) >= 0x61 && lower(c) <= 0x7a) {
      d = lower(c) - 0x61 + 10;
    } else {
      return { n: 0n, err: 'syntax' };
    }
    if (d >= base) return { n: 0n, err: 'syntax' };
    if (n >= cutoff) return { n: maxVal, err: 'range' };
    n *= bigBase;
    const n1 = n + BigInt(d);
    if (n1 > maxVal) return { n: maxVal, err: 'range' };
    n = n1;
  }
  if (underscores && !underscoreOK(s0)) return { n: 0n, err: 'syntax' };
  return { n };
}

function parseIntCore(s: string, base: number, bitSize: number): bigint {
  if (s === '') throw numError('ParseInt', s, 'syntax');
  const s0 = s;
  let neg = false;
  if (s[0] === '+') {
    s = s.slice(1);
  } else if (s[0] === '-') {
    neg = true;
    s = s.slice(1);
  }
  const { n: un, err } = parseUintCore(s, base, bitSize);
  if (err === 'syntax') throw numError('ParseInt', s0, 'syntax');
  const cutoff = 1n << BigInt(bitSize - 1);
  if (!neg && un >= cutoff) throw numError('ParseInt', s0, 'range');
  if (neg && un > cutoff) throw numError('ParseInt', s0, 'range');
  return neg ? -un : un;
}

function parseUint(s: string, base: number, bitSize: number): bigint {
  const { n, err } = parseUintCore(s, base, bitSize);
  if (err) throw numError('ParseUint', s, err);
  return n;
}

/**
 * strconv.ParseInt(s, 0, bitSize): Go integer literal syntax (0x / 0o / 0b
 * prefixes, leading-0 octal, optional sign, `_` digit separators).
 */
export function parseGoInt(s: string, bitSize: 32 | 64): bigint {
  return parseIntCore(s, 0, bitSize);
}

/** strconv.ParseUint(s, 0, bitSize) (no sign accepted). */
export function parseGoUint(s: string, bitSize: 32 | 64): bigint {
  return parseUint(s, 0, bitSize);
}

/** strconv.ParseInt(s, base, 64): strict base, no prefix, no underscores, sign allowed. */
export function parseGoIntBase(s: string, base: 10 | 16, bitSize: 64): bigint {
  return parseIntCore(s, base, bitSize);
}

/** strconv.ParseUint(s, base, 64): strict base, no prefix, no underscores, no sign. */
export function parseGoUintBase(s: string, base: 10 | 16, bitSize: 64): bigint {
  return parseUint(s, base, bitSize);
}

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean {
  switch (s) {
    case '1':
    case 't':
    case 'T':
    case 'true':
    case 'TRUE':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'false':
    case 'FALSE':
    case 'False':
      return false;
  }
  throw new GoParseError(`strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax`);
}

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

const ERR_BARE_QUOTE = 'bare " in non-quoted-field';
const ERR_QUOTE = 'extraneous or missing " in quoted-field';

function csvError(startLine: number, line: number, column: number, msg: string): GoParseError {
  if (startLine !== line) {
    return new GoParseError(`record on line ${startLine}; parse error on line ${line}, column ${column}: ${msg}`);
  }
  return new GoParseError(`parse error on line ${line}, column ${column}: ${msg}`);
}

/**
 * pflag's readAsCSV: "" → []; otherwise the first record of
 * encoding/csv.NewReader(strings.NewReader(s)).Read() (default settings:
 * comma ',', no trimming, strict quotes). Leading empty lines are skipped and
 * anything after the first record is ignored, as in Go. Errors carry Go's
 * texts (`parse error on line 1, column 5: bare " in non-quoted-field`,
 * `EOF` when the input holds only empty lines). Columns are 1-based byte
 * positions like Go's.
 */
export function parseCsvRecord(s: string): string[] {
  if (s === '') return [];
  const data = utf8.encode(s);
  const dec = new TextDecoder();
  let offset = 0;
  let numLine = 0;
  const QUOTE = 0x22;
  const COMMA = 0x2c;
  const NL = 0x0a;

  // Go's readLine: returns [line, eof]. `eof` mirrors errRead == io.EOF.
  const readLine = (): [Uint8Array, boolean] => {
    if (offset >= data.length) {
      numLine++;
      return [new Uint8Array(0), true];
    }
    let end = data.indexOf(NL, offset);
    let line: Uint8Array;
    if (end < 0) {
      line = data.subarray(offset);
      offset = data.length;
      // Drop a trailing \r before EOF.
      if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
    } else {
      end += 1;
      line = data.subarray(offset, end);
      offset = end;
    }
    numLine++;
    const n = line.length;
    if (n >= 2 && line[n - 2] === 0x0d && line[n - 1] === NL) {
      const copy = new Uint8Array(n - 1);
      copy.set(line.subarray(0, n - 2));
      copy[n - 2] = NL;
      line = copy;
    }
    return [line, false];
  };
  const lengthNL = (b: Uint8Array): number => (b.length > 0 && b[b.length - 1] === NL ? 1 : 0);

  // Skip empty lines.
  let line: Uint8Array = new Uint8Array(0);
  let eof = false;
  for (;;) {
    [line, eof] = readLine();
    if (!eof && line.length === lengthNL(line)) continue;
    break;
  }
  if (eof) throw new GoParseError('EOF');

  const fields: string[] = [];
  let buf: number[] = [];
  const recLine = numLine;
  let posLine = numLine;
  let posCol = 1;
  const pushField = (): void => {
    fields.push(dec.decode(Uint8Array.from(buf)));
    buf = [];
  };

  parseField: for (;;) {
    if (line.length === 0 || line[0] !== QUOTE) {
      // Non-quoted field.
      const i = line.indexOf(COMMA);
      let field = line;
      if (i >= 0) field = field.subarray(0, i);
      else field = field.subarray(0, field.length - lengthNL(field));
      const j = field.indexOf(QUOTE);
      if (j >= 0) throw csvError(recLine, numLine, posCol + j, ERR_BARE_QUOTE);
      for (const b of field) buf.push(b);
      pushField();
      if (i >= 0) {
        line = line.subarray(i + 1);
        posCol += i + 1;
        continue parseField;
      }
      break parseField;
    } else {
      // Quoted field.
      line = line.subarray(1);
      posCol += 1;
      for (;;) {
        const i = line.indexOf(QUOTE);
        if (i >= 0) {
          for (const b of line.subarray(0, i)) buf.push(b);
          line = line.subarray(i + 1);
          posCol += i + 1;
          const rn = line.length > 0 ? line[0] : -1;
          if (rn === QUOTE) {
            buf.push(QUOTE);
            line = line.subarray(1);
            posCol += 1;
          } else if (rn === COMMA) {
            line = line.subarray(1);
            posCol += 1;
            pushField();
            continue parseField;
          } else if (lengthNL(line) === line.length) {
            pushField();
            break parseField;
          } else {
            throw csvError(recLine, numLine, posCol - 1, ERR_QUOTE);
          }
        } else if (line.length > 0) {
          for (const b of line) buf.push(b);
          posCol += line.length;
          // At EOF readLine returns an empty line (Go resets io.EOF here).
          [line] = readLine();
          if (line.length > 0) {
            posLine++;
            posCol = 1;
          }
        } else {
          throw csvError(recLine, posLine, posCol, ERR_QUOTE);
        }
      }
    }
  }
  return fields;
}
