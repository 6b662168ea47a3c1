/**
 * txn's stdin, read like etcdctl's bufio.Reader (4096-byte buffer over fd 0),
 * so that `put <key>` inside a txn, which reads "the rest of stdin" straight
 * from the file descriptor, sees exactly what etcdctl would see.
 */
import { readFd } from './fd';

const BUF_SIZE = 4096;

/** Go's bufio.Reader (default size) over a file descriptor: ReadString('\n') and the raw fd for "the rest". */
export class GoLineReader {
  private readonly buf = Buffer.alloc(BUF_SIZE);
  private r = 0;
  private w = 0;
  private err: Error | undefined;

  constructor(private readonly fd: number) {}

  private async fill(): Promise<void> {
    if (this.r > 0) {
      this.buf.copy(this.buf, 0, this.r, this.w);
      this.w -= this.r;
      this.r = 0;
    }
    let n: number;
    try {
      n = await readFd(this.fd, this.buf, this.w, BUF_SIZE - this.w);
    } catch (e) {
      this.err = e as Error;
      return;
    }
    if (n === 0) this.err = new Error('EOF');
    else this.w += n;
  }

  /** The next line with its '\n'; rejects with `EOF` (or the read error) if the input ends first. */
  async readLine(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (;;) {
      const i = this.buf.subarray(this.r, this.w).indexOf(0x0a);
      if (i >= 0) {
        parts.push(Buffer.from(this.buf.subarray(this.r, this.r + i + 1)));
        this.r += i + 1;
        return Buffer.concat(parts);
      }
      if (this.err) {
        this.r = this.w;
        throw this.err;
      }
      if (this.w - this.r >= BUF_SIZE) {
        parts.push(Buffer.from(this.buf.subarray(this.r, this.w)));
        this.r = this.w;
      }
      await this.fill();
    }
  }

  /** io.ReadAll(os.Stdin): everything left on the descriptor (bypassing the buffer). */
  async readRest(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for (;;) {
      const b = Buffer.alloc(65536);
      const n = await readFd(this.fd, b, 0, b.length);
      if (n === 0) return Buffer.concat(chunks);
      chunks.push(b.subarray(0, n));
    }
  }
}
