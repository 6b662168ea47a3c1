/** The single-record encoding/csv read used by pflag's stringSlice, with Go's error texts. */

import { GoParseError } from './error';

const utf8 = new TextEncoder();

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
  let line: Uint8Array;
  let eof: boolean;
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
