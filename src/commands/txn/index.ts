/**
 * txn (docs/etcdctl-behaviour.md §6.4): compares, success requests and failure requests read from
 * stdin, one per line, each section ended by an empty line, then one Txn RPC.
 *
 * The input grammar is in txn/grammar.ts, the bufio-like stdin reader in
 * io/bufio.ts.
 */
import { defineCommand, type EtcdCommand } from '../../cli/command';
import type { Invocation } from '../../cli/invocation';
import { flag, type FlagOpts } from '../../cli/flags';
import * as fs from 'node:fs';
import { badArgs, CliError, ExitCode } from '../../errors';
import { errnoText } from '../../go/errno';
import { readAll } from '../../io/stdin';
import { TxnRequest } from '../../proto/gen/rpc';
import { KV } from '../../client/methods';
import { txnRenderers } from '../../output/txn';
import { GoLineReader } from '../../io/bufio';
import { sleep } from '../../io/fd';
import { parseCompare, parseRequestLine, readSection, type RequestIo } from './grammar';

/** etcdctl's Long (no leading newline: the 3.7 help prints it as is, test/data/help-3.7/txn.txt). */
const LONG_TXN = `Txn reads multiple etcd requests from standard input and applies them as a single atomic transaction.

A transaction consists of three components:
1) a list of conditions,
2) a list of requests to apply if all the conditions are true,
3) a list of requests to apply if any condition is false.

Example interactive stdin usage:

---
etcdctl txn -i
# compares:
mod("key1") > "0"

# success requests (get, put, delete):
put key1 "overwrote-key1"

# failure requests (get, put, delete):
put key1 "created-key1"
put key2 "some extra key"
---

Refer to https://github.com/etcd-io/etcd/blob/main/etcdctl/README.md#txn-options.
`;

const TXN_FLAGS = {
  interactive: flag.bool('Input transaction in interactive mode', false, { short: 'i' }),
  file: flag.string('read the transaction from a JSON or YAML document (FILE, or - for stdin)', '', {
    short: 'f',
    extension: true,
  }),
};

/** txn -f: the document's text (a file, or stdin for -). */
async function readDocument(source: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (source === '-') return (await readAll(stdin)).toString('utf8');
  try {
    return await fs.promises.readFile(source, 'utf8');
  } catch (e) {
    throw new CliError(ExitCode.Error, `open ${source}: ${errnoText(e as NodeJS.ErrnoException)}`);
  }
}

async function runTxn(inv: Invocation, { interactive, file }: FlagOpts<typeof TXN_FLAGS>): Promise<void> {
  if (inv.args.length !== 0) throw badArgs('txn command does not accept argument');
  if (file !== '') {
    if (interactive) throw badArgs('`--file` and `--interactive` cannot be set at the same time, choose one');
    const text = await readDocument(file, inv.io.stdin);
    const { parseTxnDocument } = await import('./document');
    const io: RequestIo = {
      readRest: async () => Buffer.alloc(0),
      stdout: inv.io.stdout,
      stderr: inv.io.stderr,
      sleep,
      compat: inv.command.compat,
    };
    const req = await parseTxnDocument(text, { source: file, io });
    const client = await inv.connect();
    inv.print(txnRenderers, await client.unary(KV.txn, req));
    return;
  }
  const client = await inv.connect();
  const prompt = (text: string): void => {
    if (interactive) inv.io.stdout.write(`${text}\n`);
  };
  const reader = new GoLineReader(0);
  const io: RequestIo = {
    readRest: () => reader.readRest(),
    stdout: inv.io.stdout,
    stderr: inv.io.stderr,
    sleep,
    compat: inv.command.compat,
  };
  prompt('compares:');
  const compare = await readSection(reader, parseCompare);
  prompt('success requests (get, put, del):');
  const success = await readSection(reader, (l) => parseRequestLine(l, io));
  prompt('failure requests (get, put, del):');
  const failure = await readSection(reader, (l) => parseRequestLine(l, io));
  const resp = await client.unary(KV.txn, TxnRequest.fromPartial({ compare, success, failure }));
  inv.print(txnRenderers, resp);
}

export function txnCommand(): EtcdCommand {
  return defineCommand({
    use: 'txn [options]',
    short: 'Txn processes all the requests in one transaction',
    long: LONG_TXN,
    flags: TXN_FLAGS,
    run: runTxn,
  });
}
