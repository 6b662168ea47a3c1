// The endpoint resolver answers grpc-js's re-resolution requests without
// spinning: literal addresses are reported once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EtcdEndpointsResolver, ENDPOINTS_OPTION } from '../../src/client/resolver';
import { parseEndpoint } from '../../src/client/endpoints';

test('literal endpoints: one report, however often grpc-js asks', async () => {
  const reports: unknown[] = [];
  const listener = (endpoints: unknown) => {
    reports.push(endpoints);
    return true;
  };
  const eps = ['127.0.0.1:1', 'unix:///tmp/etcd.sock', 'http://[::1]:2379'].map(parseEndpoint);
  const r = new EtcdEndpointsResolver({ path: 'x' } as never, listener as never, {
    [ENDPOINTS_OPTION]: JSON.stringify(eps),
  });
  for (let i = 0; i < 1000; i++) r.updateResolution();
  await new Promise((res) => setTimeout(res, 50));
  for (let i = 0; i < 1000; i++) r.updateResolution();
  await new Promise((res) => setTimeout(res, 50));
  assert.equal(reports.length, 1);
  assert.deepEqual((reports[0] as { ok: boolean; value: unknown }).value, [
    { addresses: [{ host: '127.0.0.1', port: 1 }] },
    { addresses: [{ path: '/tmp/etcd.sock' }] },
    { addresses: [{ host: '::1', port: 2379 }] },
  ]);
  r.destroy();
});
