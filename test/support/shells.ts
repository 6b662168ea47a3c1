/**
 * Drives our completion scripts (as `etcdctl completion SHELL` prints them) in real bash, zsh
 * and fish, non-interactively, with OUR binary first on PATH as `etcdctl`:
 *   bash: the script sourced, COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT set as readline
 *         sets them (words also split at : and =), the completion function called, COMPREPLY
 *         read; compopt (which only works inside readline) records its options instead.
 *   zsh:  a real interactive zsh in a pseudo-terminal (zsh/zpty) with compinit and the
 *         script on fpath; the line is typed with a TAB; a compadd wrapper prints the
 *         matches zsh's completion system adds (after its own filtering).
 *   fish: `complete -C LINE` after sourcing the script.
 * And bash once more through real readline (bashReadline): an interactive bash in a
 * pseudo-terminal (zsh's zpty) gets LINE and a TAB, then a key bound to print the edited
 * line: what the user would see, word breaks at : and = and the trailing space included.
 * Every shell runs in an empty working directory with a throw-away HOME.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ours, oursBin, runCli, type RunResult } from './run';

export type ShellName = 'bash' | 'zsh' | 'fish';

export interface ShellCompletion {
  /** The candidates the shell offers (bash: COMPREPLY as is; zsh: the matches added; fish: the values). */
  values: string[];
  /** bash only: the `compopt` calls of the script (`-o nospace`, `-o default`). */
  compopt: string[];
  /** The shell's stderr (the scripts never let the program's stderr through). */
  stderr: string;
  code: number | null;
}

const BASH_DRIVER = `
script=$1 line=$2
shift 2
source "$script"
compopt() { __opts+=("$*"); }
COMP_WORDS=("$@")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
COMP_LINE=$line
COMP_POINT=\${#line}
COMP_TYPE=9
__etcdctl_complete
for x in "\${COMPREPLY[@]}"; do printf 'R:%s\\n' "$x"; done
for x in "\${__opts[@]}"; do printf 'O:%s\\n' "$x"; done
`;

// The markers are split in the typed definitions, so that the echo of those lines never matches.
const ZSH_DRIVER = `
zmodload zsh/zpty || exit 2
zpty z zsh -f -i
zpty -w z "PS1='' RPROMPT=''; fpath=(\${(q)1} \\$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
zpty -w z 'compadd() { local -a hits; builtin compadd -A hits "$@"; local h; for h in $hits; do print -r -- "<<""HIT>>$h"; done; builtin compadd "$@"; }'
zpty -w z 'done_() { print -r -- "<<""END>>"; }; comppostfuncs=(done_)'
zpty -w -n z "$2"$'\\t'
out='' line=''
integer deadline=$(( SECONDS + 20 ))
while (( SECONDS < deadline )); do
  if zpty -r -t z line; then
    out+=$line
    [[ $out == *'<<END>>'* ]] && break
  else
    sleep 0.05
  fi
done
zpty -d z
[[ $out == *'<<END>>'* ]] || { print -u2 "zsh: no completion finished"; exit 3 }
for line in \${(f)out//$'\\r'/}; do
  [[ $line == *'<<HIT>>'* ]] && print -r -- "R:\${line#*'<<HIT>>'}"
done
exit 0
`;

const BASH_READLINE_RC = (script: string): string => `PS1=''
source ${JSON.stringify(script)}
bind -x '"\\C-t": printf "<<L%s>>\\n" "$READLINE_LINE"'
`;

// Types LINE, TAB, then C-t (bound in the rc file above to print the line being edited).
const BASH_READLINE_DRIVER = `
zmodload zsh/zpty || exit 2
zpty b bash --rcfile $1 --noprofile -i
zpty -w -n b "$2"$'\t\x14'
out='' line=''
integer deadline=$(( SECONDS + 20 ))
while (( SECONDS < deadline )); do
  if zpty -r -t b line; then
    out+=$line
    [[ $out == *'<<L'*'>>'* ]] && break
  else
    sleep 0.05
  fi
done
zpty -d b
[[ $out == *'<<L'*'>>'* ]] || { print -u2 "bash: no line printed"; exit 3 }
out=\${out##*'<<L'}
print -r -- "L:\${out%%'>>'*}"
`;

/** COMP_WORDS as readline makes them: split at blanks, then at : and = (COMP_WORDBREAKS), which stay words. */
export function bashCompWords(line: string): string[] {
  return line.split(/ +/).flatMap((w) => (w === '' ? [''] : w.split(/([:=])/).filter((p) => p !== '')));
}

export class ShellRig {
  private constructor(
    readonly dir: string,
    private readonly scripts: Record<ShellName, string>,
  ) {}

  /** A temp dir with bin/etcdctl -> our binary, the scripts `etcdctl completion SHELL` prints, an empty cwd. */
  static async create(): Promise<ShellRig> {
    const dir = mkdtempSync(join(tmpdir(), 'w13-shells-'));
    for (const d of ['bin', 'zfunc', 'home', 'cwd']) mkdirSync(join(dir, d));
    symlinkSync(oursBin(), join(dir, 'bin', 'etcdctl'));
    const scripts = {
      bash: join(dir, 'etcdctl.bash'),
      zsh: join(dir, 'zfunc', '_etcdctl'),
      fish: join(dir, 'etcdctl.fish'),
    };
    for (const shell of ['bash', 'zsh', 'fish'] as const) {
      const r = await ours(['completion', shell]);
      if (r.code !== 0) throw new Error(`etcdctl completion ${shell}: ${r.err}`);
      writeFileSync(scripts[shell], r.stdout);
    }
    writeFileSync(join(dir, 'drive.zsh'), ZSH_DRIVER);
    writeFileSync(join(dir, 'readline.zsh'), BASH_READLINE_DRIVER);
    writeFileSync(join(dir, 'readline.bash'), BASH_READLINE_RC(scripts.bash));
    return new ShellRig(dir, scripts);
  }

  private env(extra: Record<string, string | undefined>): Record<string, string | undefined> {
    const home = join(this.dir, 'home');
    return {
      PATH: `${join(this.dir, 'bin')}:${process.env.PATH}`,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      TERM: 'xterm',
      ...extra,
    };
  }

  /** The line after one TAB at its end, in an interactive bash (real readline). */
  async bashReadline(
    line: string,
    env: Record<string, string | undefined> = {},
  ): Promise<{ line: string; stderr: string }> {
    const opts = { env: this.env(env), cwd: join(this.dir, 'cwd'), timeoutMs: 30_000 };
    const r = await runCli('zsh', ['-f', join(this.dir, 'readline.zsh'), join(this.dir, 'readline.bash'), line], opts);
    const printed = r.out.split('\n').find((l) => l.startsWith('L:'));
    if (r.code !== 0 || printed === undefined) throw new Error(`bash readline: exit ${r.code}: ${r.err}`);
    return { line: printed.slice(2), stderr: r.err };
  }

  /** Completes `line` (cursor at its end) in `shell`; `env` is added to the shell's environment. */
  async complete(
    shell: ShellName,
    line: string,
    env: Record<string, string | undefined> = {},
  ): Promise<ShellCompletion> {
    const opts = { env: this.env(env), cwd: join(this.dir, 'cwd'), timeoutMs: 30_000 };
    let r: RunResult;
    if (shell === 'bash') {
      r = await runCli(
        'bash',
        ['--norc', '--noprofile', '-c', BASH_DRIVER, 'bash', this.scripts.bash, line, ...bashCompWords(line)],
        opts,
      );
    } else if (shell === 'zsh') {
      r = await runCli('zsh', ['-f', join(this.dir, 'drive.zsh'), join(this.dir, 'zfunc'), line], opts);
    } else {
      r = await runCli('fish', ['-N', '-c', 'source $argv[1]; complete -C $argv[2]', this.scripts.fish, line], opts);
    }
    const lines = r.out.split('\n').filter((l) => l !== '');
    const values =
      shell === 'fish'
        ? lines.map((l) => l.split('\t')[0])
        : lines.filter((l) => l.startsWith('R:')).map((l) => l.slice(2));
    const compopt = lines.filter((l) => l.startsWith('O:')).map((l) => l.slice(2));
    return { values, compopt, stderr: r.err, code: r.code };
  }
}
