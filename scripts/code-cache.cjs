'use strict';
// Child process of build.mjs: compiles dist/etcdctl-bundle.js, runs its start-up
// path once (warmUp writes nothing), and writes the V8 code cache, lazily
// compiled functions included. build.mjs bounds it with a timeout.
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire, Module } = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');

const bundle = process.argv[2];
const importModuleDynamically = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, importModuleDynamically });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(bundle), mod, bundle, dirname(bundle));
mod.exports.warmUp().then(() => {
  writeFileSync(`${bundle}.cache`, script.createCachedData());
  process.exit(0);
});
