/**
 * Splits a batch script into command lines, as a POSIX shell would split them
 * into words, without any expansion: one command per line, `#` comments,
 * single quotes (literal), double quotes (backslash escapes only `"`, `\`, `$`,
 * a backquote and a newline), a backslash outside quotes escaping the next
 * character, and a backslash-newline joining two lines.
 *
 * What a shell would expand or interpret (`$NAME`, `${…}`, `$(…)`, backquotes,
 * `;`, `&`, `|`, `<`, `>`, parentheses) is refused with the line it stands on,
 * so that a script never means something other than what it says.
 */

export interface BatchLine {
  /** 1-based number of the line the command starts on. */
  line: number;
  words: string[];
}

export class BatchSyntaxError extends Error {
  /** The complete command lines before the bad one (they may run; the bad one never does). */
  before: BatchLine[] = [];
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'BatchSyntaxError';
  }
}

const OPERATORS = new Set([';', '&', '|', '<', '>', '(', ')']);
const DOUBLE_QUOTE_ESCAPES = new Set(['"', '\\', '$', '`']);

/** True where `$` would start an expansion in a shell (`$x`, `${`, `$(`, `$1`, `$?`, ...). */
function expands(next: string | undefined): boolean {
  return next !== undefined && /[A-Za-z0-9_{(?!#*@$-]/.test(next);
}

/**
 * The command lines of a script. A syntax error is thrown as a BatchSyntaxError whose
 * `before` holds the complete command lines that precede the bad one.
 */
export function splitBatchScript(text: string): BatchLine[] {
  const out: BatchLine[] = [];
  try {
    splitInto(text, out);
  } catch (e) {
    if (e instanceof BatchSyntaxError) e.before = out.filter((l) => l.line < e.line);
    throw e;
  }
  return out;
}

function splitInto(text: string, out: BatchLine[]): void {
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let line = 1;
  let startLine = 1;

  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) out.push({ line: startLine, words });
    words = [];
  };
  const refuse = (what: string): never => {
    throw new BatchSyntaxError(line, `${what} is not supported in a batch script (quote it with '...')`);
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (words.length === 0 && !inWord && c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') startLine = line;
    if (c === '\n') {
      endCommand();
      line++;
    } else if (c === ' ' || c === '\t' || (c === '\r' && text[i + 1] === '\n')) {
      endWord();
    } else if (c === '#' && !inWord) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '\\') {
      if (i + 1 >= text.length) break; // a lone backslash at the very end: nothing to escape
      const next = text[++i];
      if (next === '\n') line++;
      else {
        word += next;
        inWord = true;
      }
    } else if (c === "'") {
      const open = line;
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw new BatchSyntaxError(open, 'unterminated single quote');
      const body = text.slice(i + 1, close);
      for (const ch of body) if (ch === '\n') line++;
      word += body;
      inWord = true;
      i = close;
    } else if (c === '"') {
      const open = line;
      inWord = true;
      for (i++; ; i++) {
        if (i >= text.length) throw new BatchSyntaxError(open, 'unterminated double quote');
        const d = text[i];
        if (d === '"') break;
        if (d === '\n') line++;
        if (d === '\\' && i + 1 < text.length) {
          const next = text[i + 1];
          if (next === '\n') {
            i++;
            line++;
            continue;
          }
          if (DOUBLE_QUOTE_ESCAPES.has(next)) {
            word += next;
            i++;
            continue;
          }
        }
        if (d === '`') refuse('command substitution (`...`)');
        if (d === '$' && expands(text[i + 1])) refuse(`expansion (${'$' + text[i + 1]}...)`);
        word += d;
      }
    } else if (c === '`') {
      refuse('command substitution (`...`)');
    } else if (c === '$' && expands(text[i + 1])) {
      refuse(`expansion (${'$' + text[i + 1]}...)`);
    } else if (OPERATORS.has(c)) {
      refuse(`the shell operator '${c}'`);
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
}
