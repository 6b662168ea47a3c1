/**
 * What a watch hands to its printers: the response view and the connection
 * states. Shared by client/ (which produces them) and output/ (which renders
 * them), so that output/ depends on no client module.
 */
import type { Event } from './proto/gen/kv';
import type { ResponseHeader } from './proto/gen/rpc';

/** A response as clientv3 hands it to etcdctl (clientv3.WatchResponse). */
export interface WatchView {
  /** The zero header for the final response of a watcher closed by an error. */
  header: ResponseHeader;
  /** null for the final response of a watcher closed by an error (Go nil slice). */
  events: Event[] | null;
  compactRevision: bigint;
  canceled: boolean;
  created: boolean;
  /** resp.Err() text, when the response carries an error. */
  err?: string;
}

/** Connection state changes, for the interactive display (stderr on a terminal). */
export type WatchState =
  | { kind: 'connecting' }
  | { kind: 'watching'; revision: bigint; peer: string }
  | { kind: 'reconnecting'; error: string; delayMs: number }
  | { kind: 'resumed'; revision: bigint; peer: string };
