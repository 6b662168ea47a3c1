/**
 * Bulk writes through etcd's JSON gateway (POST /v3/kv/txn), for the rig: many keys fast, and
 * keys or values of any bytes (a command line cannot carry every byte sequence).
 */
import { request } from 'node:http';

export interface GatewayKv {
  key: string | Buffer;
  value: string | Buffer;
}

/** Puts the pairs on `endpoint` ("127.0.0.1:port" or a URL), 128 per txn (etcd's default --max-txn-ops), 4 txns at a time. */
export async function gatewayPut(endpoint: string, pairs: readonly GatewayKv[]): Promise<void> {
  const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
  const url = new URL('/v3/kv/txn', endpoint.startsWith('http') ? endpoint : `http://${endpoint}`);
  const batches: GatewayKv[][] = [];
  for (let i = 0; i < pairs.length; i += 128) batches.push(pairs.slice(i, i + 128));
  const post = (batch: GatewayKv[]): Promise<void> =>
    new Promise((resolve, reject) => {
      const success = batch.map((p) => ({ requestPut: { key: b64(p.key), value: b64(p.value) } }));
      const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`txn: HTTP ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ success }));
    });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) await post(batches[next++]);
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}
