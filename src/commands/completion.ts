/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function completionCommand(): EtcdCommand {
  return defineCommand({
    use: 'completion [bash|zsh|fish|powershell]',
    short: 'Generate completion script',
    run: notImplemented,
  });
}
