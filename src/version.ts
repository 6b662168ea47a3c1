/**
 * The etcdctl release this CLI reproduces by default; src/compat.ts has both lines.
 * Kept for the man page header, which names the default line.
 */
import { DEFAULT_COMPAT, RELEASE } from './compat';

export const ETCDCTL_VERSION = RELEASE[DEFAULT_COMPAT].version;
export const API_VERSION = RELEASE[DEFAULT_COMPAT].api;
