/**
 * elect <election-name> [proposal] (docs/etcdctl-behaviour.md §10.3): campaign with etcd's
 * election recipe (same keys and RPCs as etcdctl) and hold the leadership
 * until SIGINT/SIGTERM, or with -l observe the election and print every
 * leader (and leader value change) as a Get response.
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import { flag } from '../cli/flags';
import { badArgs, CliError, ExitCode } from '../errors';
import type { EtcdClient } from '../client/client';
import { KV } from '../client/methods';
import { RangeRequest } from '../proto/gen/rpc';
import { getRenderers } from '../output/kv';
import { optionalDeadline } from '../util/deadline';
import { DEFAULT_SESSION_TTL, Session } from '../recipes/session';
import { Election, observeLeader } from '../recipes/election';
import { canceledError } from '../recipes/wait';
import { onTermination } from '../util/signals';

/** The argument-count check etcdctl makes before connecting. */
export function checkElectArgs(args: string[]): void {
  if (args.length !== 1 && args.length !== 2)
    throw badArgs('elect takes one election name argument and an optional proposal argument');
}

/** The -l consistency checks etcdctl makes once the client exists. */
export function electMode(args: string[], listen: boolean): 'observe' | 'campaign' {
  if (args.length === 1) {
    if (!listen) throw badArgs('no proposal argument but -l not set');
    return 'observe';
  }
  if (listen) throw badArgs('proposal given but -l is set');
  return 'campaign';
}

async function observe(inv: Invocation, client: EtcdClient, name: string): Promise<void> {
  // etcdctl creates a session here too, although observing does not use it.
  const session = await Session.create(client, DEFAULT_SESSION_TTL);
  const term = onTermination();
  try {
    for await (const resp of observeLeader(client, name, term.first)) {
      inv.print(getRenderers, { resp, printValueOnly: false });
    }
    if (!term.first.aborted) throw new CliError(ExitCode.Error, 'elect: observer lost');
  } finally {
    term.dispose();
    await session.release(optionalDeadline(inv.globals().commandTimeout));
  }
}

async function campaign(inv: Invocation, client: EtcdClient, name: string, proposal: string): Promise<void> {
  const session = await Session.create(client, DEFAULT_SESSION_TTL);
  const term = onTermination();
  const election = new Election(session, name);
  try {
    await election.campaign(Buffer.from(proposal), term.first);
    if (term.first.aborted) throw canceledError();
    const resp = await client.unary(KV.range, RangeRequest.fromPartial({ key: election.key }), { signal: term.first });
    inv.print(getRenderers, { resp, printValueOnly: false });

    const ended = await Promise.race([
      term.requested.then(() => 'signal' as const),
      session.done.then(() => 'lost' as const),
    ]);
    if (ended === 'lost') throw new CliError(ExitCode.Error, 'elect: session expired');
    await election.resign(term.second);
  } finally {
    term.dispose();
    // Not in etcdctl: give the lease back now rather than after its 60 s TTL.
    await session.release(optionalDeadline(inv.globals().commandTimeout));
  }
}

export function electCommand(): EtcdCommand {
  return defineCommand({
    use: 'elect <election-name> [proposal]',
    short: 'Observes and participates in leader election',
    flags: { listen: flag.bool('observation mode', false, { short: 'l' }) },
    async run(inv, opts) {
      checkElectArgs(inv.args);
      const client = await inv.connect();
      if (electMode(inv.args, opts.listen) === 'observe') await observe(inv, client, inv.args[0]);
      else await campaign(inv, client, inv.args[0], inv.args[1]);
    },
  });
}
