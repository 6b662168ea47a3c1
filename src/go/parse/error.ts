/** Error thrown by the Go-semantics parsers of src/go/parse/; `message` is Go's error text. */
export class GoParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoParseError';
  }
}
