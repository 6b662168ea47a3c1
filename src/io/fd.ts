/**
 * Raw reads of a file descriptor, as Go's os.File.Read does them: what a read
 * returns is consumed, nothing more, so that several readers of stdin (a
 * password prompt, then txn's request lines) each see exactly what is left.
 */
import * as fs from 'node:fs';
import { errnoText } from '../go/errno';

/** A timer promise (also the back-off between polls of a non-blocking descriptor). */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * One read(2) on fd into buf[off, off+len): the byte count, 0 at end of input. A
 * non-blocking descriptor (stdin already opened as a stream) is polled. Errors
 * read as Go's (`read /dev/stdin: …`).
 */
export async function readFd(fd: number, buf: Buffer, off: number, len: number): Promise<number> {
  for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
    try {
      return await new Promise<number>((resolve, reject) =>
        fs.read(fd, buf, off, len, null, (e, n) => (e ? reject(e) : resolve(n))),
      );
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (code === 'EAGAIN') {
        await sleep(wait);
        continue;
      }
      throw new Error(`read /dev/stdin: ${errnoText(e)}`, { cause: e });
    }
  }
}
