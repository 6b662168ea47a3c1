/** Loopback HTTP(S) JSON requests for the test rig (etcd's /health and its JSON gateway). */
import type { ClientRequest, IncomingMessage } from 'node:http';

/**
 * Sends the request `open` makes (wired to the given response callback) with `body` if given, and
 * resolves with the parsed JSON answer; undefined on a connection error, a timeout or bad JSON.
 */
export function requestJson(
  open: (onResponse: (res: IncomingMessage) => void) => ClientRequest,
  body?: string,
): Promise<unknown> {
  return new Promise((resolve) => {
    const req = open((res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text) as unknown);
        } catch {
          resolve(undefined);
        }
      });
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    if (body !== undefined) req.end(body);
  });
}
