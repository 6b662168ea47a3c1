/**
 * completion [bash|zsh|fish|powershell] (docs/etcdctl-behaviour.md §10.11, etcdctl 3.6+): exactly
 * one argument from the list (cobra's ExactArgs(1) then OnlyValidArgs, both
 * reported like a usage error: `Error: …` and an empty line on stderr, the
 * help on stdout, exit 1). Never builds a client configuration, so ETCDCTL_*
 * variables and -w are ignored. The script printed is ours (cli/completion-scripts.ts): like
 * cobra's, it takes every candidate from `etcdctl __complete`, so it offers what etcdctl's
 * scripts offer (plus the live values of ETCDCTLTS_COMPLETE_LIVE=1).
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import { UsageError } from '../errors';
import { goQuote } from '../go/quote';

const COMPLETION_LONG = `To load completions:

Bash:

  $ source <(etcdctl completion bash)

  # To load completions for each session, execute once:
  # Linux:
  $ etcdctl completion bash > /etc/bash_completion.d/etcdctl
  # macOS:
  $ etcdctl completion bash > /usr/local/etc/bash_completion.d/etcdctl

Zsh:

  # If shell completion is not already enabled in your environment,
  # you will need to enable it.  You can execute the following once:

  $ echo "autoload -U compinit; compinit" >> ~/.zshrc

  # To load completions for each session, execute once:
  $ etcdctl completion zsh > "\${fpath[1]}/_etcdctl"

  # You will need to start a new shell for this setup to take effect.

fish:

  $ etcdctl completion fish | source

  # To load completions for each session, execute once:
  $ etcdctl completion fish > ~/.config/fish/completions/etcdctl.fish

PowerShell:

  PS> etcdctl completion powershell | Out-String | Invoke-Expression

  # To load completions for every new session, run:
  PS> etcdctl completion powershell > etcdctl.ps1
  # and source this file from your PowerShell profile.
`;

const VALID_ARGS = ['bash', 'zsh', 'fish', 'powershell'] as const;
type ShellName = (typeof VALID_ARGS)[number];

/** cobra.MatchAll(cobra.ExactArgs(1), cobra.OnlyValidArgs). */
export function completionShellOf(args: string[], commandPath: string[], fullPath: string): ShellName {
  if (args.length !== 1) throw new UsageError(`accepts 1 arg(s), received ${args.length}`, commandPath);
  const shell = args[0];
  if (!(VALID_ARGS as readonly string[]).includes(shell)) {
    throw new UsageError(`invalid argument ${goQuote(shell)} for ${goQuote(fullPath)}`, commandPath);
  }
  return shell as ShellName;
}

async function runCompletion(inv: Invocation): Promise<void> {
  const shell = completionShellOf(inv.args, inv.command.path, inv.command.commandPath);
  const { completionScript } = await import('../cli/completion-scripts');
  inv.io.stdout.write(completionScript(shell, inv.command.root));
}

export function completionCommand(): EtcdCommand {
  return defineCommand({
    use: 'completion [bash|zsh|fish|powershell]',
    short: 'Generate completion script',
    long: COMPLETION_LONG,
    disableFlagsInUseLine: true,
    run: runCompletion,
  });
}
