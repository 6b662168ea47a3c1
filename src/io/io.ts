/** The process streams and environment a run works with. */
import type { Output } from '../output/stream';
import type { StdinReader } from './stdin';

export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; fd?: number };
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  /** The run's buffered stdin reader, once a prompt needed one (io/prompt.ts). */
  stdinReader?: StdinReader;
}
