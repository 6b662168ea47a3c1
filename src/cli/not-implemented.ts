/** Run function of commands that are declared but not built yet. */
import type { Invocation } from './invocation';
import { CliError, ExitCode } from '../errors';

export async function notImplemented(inv: Invocation): Promise<void> {
  throw new CliError(ExitCode.Error, `${inv.command.commandPath} is not implemented yet in etcdctl-ts`);
}
