/**
 * Go string quoting helpers: strconv.Quote (the `%q` verb) and
 * strconv.Unquote, operating on bytes like Go does.
 */

const utf8Encoder = new TextEncoder();

/** UTF-8 bytes of a JS string (lone surrogates become U+FFFD, as Go would). */
export function utf8Bytes(s: string | Uint8Array): Uint8Array {
  return typeof s === 'string' ? utf8Encoder.encode(s) : s;
}

/**
 * Decodes one UTF-8 sequence at `i` following Go's utf8.DecodeRune rules.
 * Returns [rune, size]; an invalid or truncated sequence yields [-1, 1]
 * (Go's RuneError with width 1). Surrogates and overlong forms are invalid.
 */
export function decodeRune(b: Uint8Array, i: number): [number, number] {
  const n = b.length - i;
  if (n <= 0) return [-1, 0];
  const b0 = b[i];
  if (b0 < 0x80) return [b0, 1];
  if (b0 < 0xc2 || b0 > 0xf4) return [-1, 1];
  const cont = (x: number | undefined): boolean => x !== undefined && x >= 0x80 && x <= 0xbf;
  if (b0 < 0xe0) {
    if (n < 2 || !cont(b[i + 1])) return [-1, 1];
    return [((b0 & 0x1f) << 6) | (b[i + 1] & 0x3f), 2];
  }
  if (b0 < 0xf0) {
    const b1 = b[i + 1];
    if (n < 2) return [-1, 1];
    // E0 requires A0..BF (no overlong), ED requires 80..9F (no surrogates).
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    if (b1 < lo || b1 > hi) return [-1, 1];
    if (n < 3 || !cont(b[i + 2])) return [-1, 1];
    return [((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b[i + 2] & 0x3f), 3];
  }
  const b1 = b[i + 1];
  if (n < 2) return [-1, 1];
  // F0 requires 90..BF (no overlong), F4 requires 80..8F (<= U+10FFFF).
  const lo = b0 === 0xf0 ? 0x90 : 0x80;
  const hi = b0 === 0xf4 ? 0x8f : 0xbf;
  if (b1 < lo || b1 > hi) return [-1, 1];
  if (n < 3 || !cont(b[i + 2])) return [-1, 1];
  if (n < 4 || !cont(b[i + 3])) return [-1, 1];
  return [((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f), 4];
}

// Approximation of Go's unicode.IsPrint: letters, marks, numbers,
// punctuation, symbols and the ASCII space (U+0020 only).
const PRINTABLE_RE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go unicode.IsPrint (approximated with Unicode property classes). */
export function isGoPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  if (r >= 0xd800 && r <= 0xdfff) return false;
  if (r > 0x10ffff) return false;
  return PRINTABLE_RE.test(String.fromCodePoint(r));
}

const HEX = '0123456789abcdef';

/** The short escapes Go's %q and encoding/json (Go >= 1.22) share for control characters. */
export const CONTROL_ESCAPES: Readonly<Record<number, string>> = {
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
};

/** %q's own escapes: the shared ones plus `\a` and `\v`. */
const QUOTE_ESCAPES: Readonly<Record<number, string>> = { ...CONTROL_ESCAPES, 0x07: '\\a', 0x0b: '\\v' };

/** `n` as `digits` lowercase hex digits. */
export function hex(n: number, digits: number): string {
  let s = '';
  for (let k = digits - 1; k >= 0; k--) s += HEX[(n >>> (4 * k)) & 0xf];
  return s;
}

/** Go strconv.Quote / fmt `%q` of a string or []byte (operates on bytes). */
export function goQuote(s: string | Uint8Array): string {
  const b = utf8Bytes(s);
  let out = '"';
  let i = 0;
  while (i < b.length) {
    const [r, size] = decodeRune(b, i);
    if (r < 0) {
      // Invalid UTF-8 byte.
      out += '\\x' + hex(b[i], 2);
      i += 1;
      continue;
    }
    i += size;
    if (r === 0x22 || r === 0x5c) {
      out += '\\' + String.fromCharCode(r);
      continue;
    }
    if (isGoPrint(r)) {
      out += String.fromCodePoint(r);
      continue;
    }
    const short = QUOTE_ESCAPES[r];
    if (short !== undefined) out += short;
    else if (r < 0x20 || r === 0x7f) out += '\\x' + hex(r, 2);
    else if (r < 0x10000) out += '\\u' + hex(r, 4);
    else out += '\\U' + hex(r, 8);
  }
  return out + '"';
}

/** Go `%q` of a []string: `["a" "b"]`. */
export function goQuoteList(items: (string | Uint8Array)[]): string {
  return '[' + items.map(goQuote).join(' ') + ']';
}

function syntaxError(): Error {
  return new Error('invalid syntax');
}

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function pushRune(out: number[], r: number): void {
  const enc = utf8Encoder.encode(String.fromCodePoint(r));
  for (const x of enc) out.push(x);
}

/**
 * Go strconv.Unquote for double-quoted and back-quoted literals, returning
 * the raw bytes (a `\xNN` or octal escape may produce invalid UTF-8).
 * Single-quoted (rune) literals are accepted too, as in Go.
 * Throws Error('invalid syntax') on malformed input.
 */
export function goUnquoteBytes(s: string): Uint8Array {
  const b = utf8Encoder.encode(s);
  const n = b.length;
  if (n < 2) throw syntaxError();
  const quote = b[0];
  if (quote !== b[n - 1]) throw syntaxError();
  const body = b.subarray(1, n - 1);

  if (quote === 0x60) {
    // Raw string: no backquotes inside; carriage returns are discarded.
    const out: number[] = [];
    for (const c of body) {
      if (c === 0x60) throw syntaxError();
      if (c !== 0x0d) out.push(c);
    }
    return Uint8Array.from(out);
  }
  if (quote !== 0x22 && quote !== 0x27) throw syntaxError();

  // Go rejects an invalid UTF-8 encoding only implicitly; JS strings are
  // always valid after encoding, so no check is needed here.
  const out: number[] = [];
  let i = 0;
  let runes = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === quote) throw syntaxError();
    if (c === 0x0a) throw syntaxError();
    runes++;
    if (c !== 0x5c) {
      const [r, size] = decodeRune(body, i);
      const sz = r < 0 ? 1 : size;
      for (let k = 0; k < sz; k++) out.push(body[i + k]);
      i += sz;
      continue;
    }
    // Escape sequence.
    if (i + 1 >= body.length) throw syntaxError();
    const e = body[i + 1];
    i += 2;
    switch (e) {
      case 0x61:
        out.push(0x07);
        break; // \a
      case 0x62:
        out.push(0x08);
        break; // \b
      case 0x66:
        out.push(0x0c);
        break; // \f
      case 0x6e:
        out.push(0x0a);
        break; // \n
      case 0x72:
        out.push(0x0d);
        break; // \r
      case 0x74:
        out.push(0x09);
        break; // \t
      case 0x76:
        out.push(0x0b);
        break; // \v
      case 0x5c:
        out.push(0x5c);
        break; // \\
      case 0x27: // \'
      case 0x22: // \"
        if (e !== quote) throw syntaxError();
        out.push(e);
        break;
      case 0x78: // \xNN
      case 0x75: // \uNNNN
      case 0x55: {
        // \UNNNNNNNN
        const len = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
        if (i + len > body.length) throw syntaxError();
        let v = 0;
        for (let k = 0; k < len; k++) {
          const d = unhex(body[i + k]);
          if (d < 0) throw syntaxError();
          v = v * 16 + d;
        }
        i += len;
        if (e === 0x78) {
          out.push(v); // single byte, possibly not UTF-8
        } else {
          if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw syntaxError();
          pushRune(out, v);
        }
        break;
      }
      case 0x30:
      case 0x31:
      case 0x32:
      case 0x33:
      case 0x34:
      case 0x35:
      case 0x36:
      case 0x37: {
        // \NNN octal
        if (i + 2 > body.length) throw syntaxError();
        let v = e - 0x30;
        for (let k = 0; k < 2; k++) {
          const d = body[i + k] - 0x30;
          if (d < 0 || d > 7) throw syntaxError();
          v = v * 8 + d;
        }
        i += 2;
        if (v > 255) throw syntaxError();
        out.push(v);
        break;
      }
      default:
        throw syntaxError();
    }
  }
  if (quote === 0x27 && runes !== 1) throw syntaxError();
  return Uint8Array.from(out);
}
