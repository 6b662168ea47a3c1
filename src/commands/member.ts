/**
 * member add / remove / update / list / promote (spec §8.1-8.3). Each command
 * validates its arguments (pure, exported for unit tests), creates the
 * command-timeout deadline before the client (so ETCDCTL_COMMAND_TIMEOUT is
 * ignored, as in etcdctl), runs one Cluster RPC and prints it.
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
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
import { goQuote } from '../util/goquote';
import { parseGoUintBase } from '../util/goparse';

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

// ---- Go net/url.Parse and etcd's types.NewURLs, for the client-side URL check ----

const isAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);

/** url.shouldEscape(c, encodeHost) for ASCII c. */
function hostCharNeedsEscape(c: string): boolean {
  if (isAlnum(c)) return false;
  return !"!$&'()*+,;=:[]<>\"-_.~".includes(c);
}

/** url.unescape in host mode: the error text, or undefined. */
function unescapeHostError(s: string, host: boolean): string | undefined {
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '%') {
      if (i + 2 >= s.length || !/^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
        return `invalid URL escape ${goQuote(s.slice(i, i + 3))}`;
      }
      if (host && parseInt(s[i + 1], 16) < 8 && s.slice(i, i + 3) !== '%25') {
        return `invalid URL escape ${goQuote(s.slice(i, i + 3))}`;
      }
      i += 3;
      continue;
    }
    if (host && c.charCodeAt(0) < 0x80 && hostCharNeedsEscape(c)) return `invalid character ${goQuote(c)} in host name`;
    i++;
  }
  return undefined;
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

/** url.parseHost: the error text, or undefined. */
function parseHostError(host: string): string | undefined {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) return "missing ']' in host";
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) return `invalid port ${goQuote(colonPort)} after host`;
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) return `invalid port ${goQuote(colonPort)} after host`;
    }
  }
  return unescapeHostError(host, true);
}

interface GoUrl {
  scheme: string;
  host: string;
  path: string;
}

/** A subset of Go's url.Parse sufficient for etcd's URL checks; throws Go's error text. */
export function goParseUrl(raw: string): GoUrl {
  const hash = raw.indexOf('#');
  const u = hash >= 0 ? raw.slice(0, hash) : raw;
  // Go reports errors with the URL without its fragment, except fragment errors.
  const fail = (msg: string, whole = false): never => {
    throw new Error(`parse ${goQuote(whole ? raw : u)}: ${msg}`);
  };
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(u)) fail('net/url: invalid control character in URL');
  let scheme = '';
  let rest = u;
  for (let i = 0; i < u.length; i++) {
    const c = u[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ':') {
      if (i === 0) fail('missing protocol scheme');
      scheme = u.slice(0, i).toLowerCase();
      rest = u.slice(i + 1);
    }
    break;
  }
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else if (rest.includes('?')) rest = rest.slice(0, rest.indexOf('?'));
  let host = '';
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { scheme, host: '', path: '' }; // opaque
    const slash = rest.indexOf('/');
    const seg = slash >= 0 ? rest.slice(0, slash) : rest;
    if (seg.includes(':')) fail('first path segment in URL cannot contain colon');
  }
  if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    const slash = authority.indexOf('/');
    rest = slash >= 0 ? authority.slice(slash) : '';
    if (slash >= 0) authority = authority.slice(0, slash);
    const at = authority.lastIndexOf('@');
    host = at >= 0 ? authority.slice(at + 1) : authority;
    const err = parseHostError(host);
    if (err) fail(err);
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) fail('net/url: invalid userinfo');
      const uerr = unescapeHostError(userinfo, false);
      if (uerr) fail(uerr);
    }
  }
  const pathErr = unescapeHostError(rest, false);
  if (pathErr) fail(pathErr);
  if (hash >= 0) {
    const fragErr = unescapeHostError(raw.slice(hash + 1), false);
    if (fragErr) fail(fragErr, true);
  }
  return { scheme, host, path: rest };
}

/** Whether Go's net.SplitHostPort accepts `hp`. */
function splitsHostPort(hp: string): boolean {
  const i = hp.lastIndexOf(':');
  if (i < 0) return false;
  let j = 0;
  let k = 0;
  if (hp.startsWith('[')) {
    const end = hp.indexOf(']');
    if (end < 0) return false;
    if (end + 1 !== i) return false;
    j = 1;
    k = end + 1;
  } else if (hp.slice(0, i).includes(':')) {
    return false;
  }
  return !hp.slice(j).includes('[') && !hp.slice(k).includes(']');
}

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
      if (!splitsHostPort(u.host)) throw new CliError(ExitCode.Error, `URL address does not have the form "host:port": ${s}`);
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
      const resp = await client.unary(Cluster.memberPromote, MemberPromoteRequest.fromPartial({ ID: id }), { deadline });
      inv.print(memberPromoteRenderers, { id, resp });
    },
  });
}

export function memberCommand(): EtcdCommand {
  return defineCommand({
    use: 'member <subcommand>',
    short: 'Membership related commands',
    subcommands: [addCommand(), removeCommand(), updateCommand(), listCommand(), promoteCommand()],
  });
}
