/**
 * The exec command of `watch ... -- cmd args` (docs/etcdctl-behaviour.md §6.6.3): run once per
 * event, synchronously (go/exec.ts), with the ETCD_WATCH_* variables exactly
 * as etcdctl sets them.
 */
import type { Event } from '../../proto/gen/kv';
import { goQuote } from '../../go/quote';
import { eventTypeName } from '../../output/common';
import { runExec as runProgram } from '../../go/exec';

/** The variables appended to etcdctl's environment for one event (Go %d / %q). */
export function watchEventEnv(revision: bigint, ev: Event): Record<string, string> {
  return {
    ETCD_WATCH_REVISION: String(revision),
    ETCD_WATCH_EVENT_TYPE: goQuote(eventTypeName(ev.type)),
    ETCD_WATCH_KEY: goQuote(ev.kv?.key ?? Buffer.alloc(0)),
    ETCD_WATCH_VALUE: goQuote(ev.kv?.value ?? Buffer.alloc(0)),
  };
}

/** Runs the command for one event; Go's error text when it fails, or undefined. */
export function runExec(
  execArgs: string[],
  env: NodeJS.ProcessEnv,
  extra: Record<string, string>,
): Promise<string | undefined> {
  return runProgram(execArgs, { ...env, ...extra });
}
