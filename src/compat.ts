/**
 * Which etcdctl release line the CLI reproduces: 3.7 (the current line, default) or 3.6
 * (teams that pinned 3.6 output). Chosen once at start-up, before the command tree is
 * built, by ETCDCTLTS_COMPAT (not an ETCDCTL_* name: etcdctl warns about unknown ones), else
 * by the `compat` setting of the selected context.
 */

export const COMPAT_LINES = ['3.7', '3.6'] as const;
export type Compat = (typeof COMPAT_LINES)[number];
export const DEFAULT_COMPAT: Compat = '3.7';
export const COMPAT_ENV = 'ETCDCTLTS_COMPAT';

/** The etcdctl release and API version each line reports (`version`, client-api-version metadata). */
export const RELEASE: Record<Compat, { version: string; api: string }> = {
  '3.7': { version: '3.7.1', api: '3.7' },
  '3.6': { version: '3.6.14', api: '3.6' },
};

/** `3.6`, `v3.6`, `3.6.14` name the 3.6 line; likewise for 3.7. Undefined: not a line. */
export function parseCompat(value: string): Compat | undefined {
  const m = /^v?(3\.[67])(\.\d+)?$/.exec(value.trim());
  return m ? (m[1] as Compat) : undefined;
}

/** Where the line in use was chosen: ETCDCTLTS_COMPAT, the selected context's `compat`, or neither. */
export type CompatSource = 'env' | 'context' | 'default';

/**
 * The line to run: ETCDCTLTS_COMPAT when set (a value naming no line is `invalid`), else what
 * `fromContext` gives (the selected context's `compat`, src/contexts/file.ts), else the default.
 * An empty variable counts as unset.
 */
export function compatFromEnv(
  env: NodeJS.ProcessEnv,
  fromContext: () => Compat | undefined = () => undefined,
): { compat: Compat; source: CompatSource; invalid?: string } {
  const raw = env[COMPAT_ENV];
  if (raw === undefined || raw === '') {
    const ctx = fromContext();
    return ctx ? { compat: ctx, source: 'context' } : { compat: DEFAULT_COMPAT, source: 'default' };
  }
  const compat = parseCompat(raw);
  return compat ? { compat, source: 'env' } : { compat: DEFAULT_COMPAT, source: 'env', invalid: raw };
}

/** Whether a tree of line `compat` has what line `since` added (undefined: every line). */
export function hasSince(compat: Compat, since: Compat | undefined): boolean {
  return since === undefined || Number(compat) >= Number(since);
}
