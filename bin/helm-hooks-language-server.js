#!/usr/bin/env node
// Bytecode of the package's own modules is kept between runs (server/src/node/codeCache.ts; HELM_HOOKS_CODE_CACHE=off
// turns it off). Before the build there is nothing to cache: the require below says what is missing.
try {
  require('../out/server/src/node/codeCache.js').enableCodeCache([require('path').dirname(__dirname)], process.env, 20000);
} catch {
  // not built yet
}
require('../out/server/src/node/main.js');
