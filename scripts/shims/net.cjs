'use strict';
// Bundled in place of `net` for @grpc/grpc-js only (scripts/build.mjs): Node's
// isIPv6 compiles a large RegExp on its first call (about 8 ms of a cold start),
// and grpc-js asks it of every address it formats, IPv4 ones included. An IPv6
// address always contains ':', so without one the answer is known.
const net = require('node:net');

const isIPv6 = (s) => typeof s === 'string' && s.includes(':') && net.isIPv6(s);
const isIP = (s) => (net.isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0);

module.exports = new Proxy(net, {
  get(target, key) {
    if (key === 'isIPv6') return isIPv6;
    if (key === 'isIP') return isIP;
    return target[key];
  },
});
