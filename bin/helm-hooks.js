#!/usr/bin/env node
'use strict';
// The CLI is compiled TypeScript: `npm run build` writes it to out/.
// Bytecode of the package's own modules is kept between runs (server/src/node/codeCache.ts; HELM_HOOKS_CODE_CACHE=off
// turns it off). enableCodeCache also sets the V8 flags of every entry point (V8_FLAGS there: a render is short, and
// V8's default eagerness to optimise cost a first render half its CPU), before anything is compiled, even with the
// cache off. Before the build there is nothing to cache: the require below says what is missing.
try {
  require('../out/server/src/node/codeCache.js').enableCodeCache([require('path').dirname(__dirname)]);
} catch {
  // not built yet
}
let cli;
try {
  cli = require('../out/server/src/cli.js');
} catch (e) {
  if (!e || e.code !== 'MODULE_NOT_FOUND' || process.env.HELM_HOOKS_DEBUG === '1') throw e;
  const here = require('path').dirname(__dirname);
  const notBuilt = /out[\\/]server[\\/]src[\\/]cli\.js/.test(String(e.message).split('\n')[0]);
  process.stderr.write(
    notBuilt
      ? `helm-hooks: not built yet: run \`npm install && npm run build\` in ${here}\n`
      : `helm-hooks: ${String(e.message).split('\n')[0]}: run \`npm install\` in ${here}\n`,
  );
  process.exit(2);
}
cli.mainAsync(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
