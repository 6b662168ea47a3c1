'use strict';
// Loads dist/etcdctl-bundle.js with the V8 code cache made at build time, and
// runs it. A cache V8 rejects (other Node version) only costs the compile time.
const { readFileSync } = require('node:fs');
const { createRequire, Module } = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

const file = join(__dirname, 'etcdctl-bundle.js');
const cachedData = (() => {
  try {
    return readFileSync(`${file}.cache`);
  } catch {
    return undefined;
  }
})();
// A dynamic import() of an external module resolves as in a normal CommonJS file.
const importModuleDynamically = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
  filename: file,
  cachedData,
  importModuleDynamically,
});
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(file), mod, file, __dirname);
mod.exports.main(process.argv.slice(2));
