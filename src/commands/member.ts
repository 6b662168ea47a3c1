/**
 * member add / remove / update / list / promote (docs/etcdctl-behaviour.md §8.1-8.3). Each command
 * validates its arguments (pure, exported for unit tests), creates the
 * command-timeout deadline before the client (so ETCDCTL_COMMAND_TIMEOUT is
 * ignored, as in etcdctl), runs one Cluster RPC and prints it.
 */
import { defineCommand, groupShort, type EtcdCommand } from '../cli/command';
import { flag } from '../cli/flags';
import { badArgs, badFeature, CliError, ExitCode } from '../errors';
import {
  MemberAddRequest,
  MemberListRequest,
  MemberPromoteRequest,
  MemberRemoveRequest,
  MemberUpdateRequest,
} from '../proto/gen/rpc';
import { Cluster } from '../client/methods';
import {
  memberAddRenderers,
  memberListRenderers,
  memberPromoteRenderers,
  memberRemoveRenderers,
  memberUpdateRenderers,
} from '../output/member';
import { parseGoUintBase } from '../go/parse';
import { goParseUrl, splitsHostPort, type GoUrl } from '../go/url';

/** member add: name and peer URLs, with etcdctl's checks in its order. */
export function parseMemberAdd(args: string[], peerUrls: string): { name: string; urls: string[] } {
  if (args.length < 1) throw badArgs('member name not provided');
  if (args.length > 1) {
    let msg = 'too many arguments';
    for (const a of args) if (a.toLowerCase().startsWith('http')) msg += `, did you mean --peer-urls=${a}`;
    throw badArgs(msg);
  }
  if (peerUrls === '') throw badArgs('member peer urls not provided');
  return { name: args[0], urls: peerUrls.split(',') };
}

/** The member ID argument of remove / update / promote: unsigned hexadecimal. */
export function parseMemberId(args: string[]): bigint {
  if (args.length !== 1) throw badArgs('member ID is not provided');
  try {
    return parseGoUintBase(args[0], 16, 64);
  } catch (e) {
    throw badArgs(`bad member ID arg (${(e as Error).message}), expecting ID in Hex`);
  }
}

// ---- etcd's types.NewURLs, for the client-side URL check ----

/** etcd types.NewURLs: the check clientv3 runs before MemberAdd / MemberUpdate (errors exit 1). */
export function validatePeerUrls(urls: string[]): void {
  for (const raw of urls) {
    const s = raw.trim();
    let u: GoUrl;
    try {
      u = goParseUrl(s);
    } catch (e) {
      throw new CliError(ExitCode.Error, (e as Error).message);
    }
    if (u.scheme === 'http' || u.scheme === 'https') {
      if (!splitsHostPort(u.host))
        throw new CliError(ExitCode.Error, `URL address does not have the form "host:port": ${s}`);
      if (u.path !== '') throw new CliError(ExitCode.Error, `URL must not contain a path: ${s}`);
    } else if (u.scheme !== 'unix' && u.scheme !== 'unixs') {
      throw new CliError(ExitCode.Error, `URL scheme must be http, https, unix, or unixs: ${s}`);
    }
  }
}

// ---- commands ----

const LONG_LIST = `When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.
The items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner.
`;

const LONG_PROMOTE = 'Promotes a non-voting learner member to a voting one in the cluster.\n';

function addCommand(): EtcdCommand {
  return defineCommand({
    use: 'add <memberName> [options]',
    short: 'Adds a member into the cluster',
    flags: {
      peerUrls: flag.string('comma separated peer URLs for the new member.', ''),
      learner: flag.bool('indicates if the new member is raft learner'),
    },
    async run(inv, opts) {
      const { peerUrls } = opts;
      const { name, urls } = parseMemberAdd(inv.args, peerUrls);
      const deadline = inv.flagDeadline();
      const client = await inv.connect();
      validatePeerUrls(urls);
      const req = MemberAddRequest.fromPartial({ peerURLs: urls, isLearner: opts.learner });
      const resp = await client.unary(Cluster.memberAdd, req, { deadline });
      inv.print(memberAddRenderers, { resp, name, peerUrls });
    },
  });
}

function removeCommand(): EtcdCommand {
  return defineCommand({
    use: 'remove <memberID>',
    short: 'Removes a member from the cluster',
    async run(inv) {
      const id = parseMemberId(inv.args);
      const deadline = inv.flagDeadline();
      const client = await inv.connect();
      const resp = await client.unary(Cluster.memberRemove, MemberRemoveRequest.fromPartial({ ID: id }), { deadline });
      inv.print(memberRemoveRenderers, { id, resp });
    },
  });
}

function updateCommand(): EtcdCommand {
  return defineCommand({
    use: 'update <memberID> [options]',
    short: 'Updates a member in the cluster',
    flags: { peerUrls: flag.string('comma separated peer URLs for the updated member.', '') },
    async run(inv, opts) {
      const id = parseMemberId(inv.args);
      const { peerUrls } = opts;
      if (peerUrls === '') throw badArgs('member peer urls not provided');
      const urls = peerUrls.split(',');
      const deadline = inv.flagDeadline();
      const client = await inv.connect();
      validatePeerUrls(urls);
      const req = MemberUpdateRequest.fromPartial({ ID: id, peerURLs: urls });
      const resp = await client.unary(Cluster.memberUpdate, req, { deadline });
      inv.print(memberUpdateRenderers, { id, resp });
    },
  });
}

function listCommand(): EtcdCommand {
  return defineCommand({
    use: 'list',
    short: 'Lists all members in the cluster',
    long: LONG_LIST,
    formats: ['jsonl'],
    flags: { consistency: flag.string('Linearizable(l) or Serializable(s)', 'l') },
    async run(inv, opts) {
      const { consistency } = opts;
      // etcdctl quotes the get command's --consistency default here, not the value given.
      if (consistency !== 'l' && consistency !== 's') throw badFeature('unknown consistency flag "l"');
      const deadline = inv.flagDeadline();
      const client = await inv.connect();
      const req = MemberListRequest.fromPartial({ linearizable: consistency !== 's' });
      const resp = await client.unary(Cluster.memberList, req, { deadline });
      inv.print(memberListRenderers, resp);
    },
  });
}

function promoteCommand(): EtcdCommand {
  return defineCommand({
    use: 'promote <memberID>',
    short: 'Promotes a non-voting member in the cluster',
    long: LONG_PROMOTE,
    async run(inv) {
      const id = parseMemberId(inv.args);
      const deadline = inv.flagDeadline();
      const client = await inv.connect();
      const resp = await client.unary(Cluster.memberPromote, MemberPromoteRequest.fromPartial({ ID: id }), {
        deadline,
      });
      inv.print(memberPromoteRenderers, { id, resp });
    },
  });
}

export function memberCommand(): EtcdCommand {
  return defineCommand({
    use: 'member <subcommand>',
    ...groupShort('member', 'Membership related commands'),
    subcommands: [addCommand(), removeCommand(), updateCommand(), listCommand(), promoteCommand()],
  });
}
