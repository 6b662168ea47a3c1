/**
 * Output dispatch: a result is rendered by the renderer its kind declares for
 * the chosen -w format. A (format, kind) pair without a renderer is etcdctl's
 * `<format> not supported as output format` error, exit 4. The support matrix
 * of docs/etcdctl-behaviour.md §5.1 is thus written next to each kind's renderers.
 */
import { CliError, ExitCode } from '../errors';
import type { OutputFormat } from '../settings';
import type { Compat } from '../compat';

export interface RenderOptions {
  hex: boolean;
  /** The etcdctl line whose bytes are reproduced (3.7 changed a few printers, docs/etcdctl-3.7-behaviour.md §4-§6). */
  compat: Compat;
}

/** Text or bytes (protobuf) for stdout. */
export type Rendered = string | Uint8Array;
export type Renderer<T> = (value: T, o: RenderOptions) => Rendered;
export type KindRenderers<T> = Partial<Record<OutputFormat, Renderer<T>>>;

export function render<T>(renderers: KindRenderers<T>, format: OutputFormat, value: T, o: RenderOptions): Rendered {
  const r = renderers[format];
  if (!r) throw new CliError(ExitCode.BadFeature, `${format} not supported as output format`);
  return r(value, o);
}
