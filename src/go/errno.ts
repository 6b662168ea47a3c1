/**
 * Go's syscall.Errno texts (Linux) for the Node error codes etcdctl-ts meets:
 * file operations, reads of stdin, program starts. One table for all.
 */
const ERRNO_TEXT: Record<string, string> = {
  E2BIG: 'argument list too long',
  EACCES: 'permission denied',
  EAGAIN: 'resource temporarily unavailable',
  EBADF: 'bad file descriptor',
  EBUSY: 'device or resource busy',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'file exists',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  ENOENT: 'no such file or directory',
  ENOEXEC: 'exec format error',
  ENOMEM: 'cannot allocate memory',
  ENOSPC: 'no space left on device',
  ENOTDIR: 'not a directory',
  ENOTEMPTY: 'directory not empty',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ETXTBSY: 'text file busy',
  EXDEV: 'invalid cross-device link',
};

/** Go's text for an errno code, or undefined when the table lacks it. */
export function errnoName(code: string | undefined): string | undefined {
  return code === undefined ? undefined : ERRNO_TEXT[code];
}

/** Go's text for a Node fs/spawn error; Node's own message when the code is not in the table. */
export function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return errnoName(err.code) ?? err.message;
}

/** Go's *fs.PathError text: `open /x: no such file or directory`. */
export function pathErrorText(op: string, path: string, e: unknown): string {
  return `${op} ${path}: ${errnoText(e)}`;
}
