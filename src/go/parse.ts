/**
 * Flag / argument value parsing with Go semantics and Go error texts:
 * strconv.ParseInt / ParseUint / ParseBool, time.ParseDuration and the
 * single-record encoding/csv read used by pflag's stringSlice.
 *
 * Error messages are exactly the `err.Error()` strings of the Go functions;
 * the CLI layer adds pflag's `invalid argument "…" for "…" flag: ` prefix.
 *
 * The parsers live in parse/ (one file per Go package); this module is
 * the one place the rest of the code imports them from.
 */

export { GoParseError } from './parse/error';
export { parseGoBool, parseGoFloat, parseGoInt, parseGoIntBase, parseGoUint, parseGoUintBase } from './parse/strconv';
export { parseGoDuration } from './parse/duration';
export { parseCsvRecord } from './parse/csv';
