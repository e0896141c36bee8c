#!/usr/bin/env node
/**
 * Bundles the extension into dist/, one file per runtime, so the VSIX needs no node_modules:
 *   dist/client.js   the VS Code extension (Node, CommonJS, `vscode` external)
 *   dist/server.js   the language server's entry (Node, CommonJS), started by the client over IPC: it turns the
 *                    code cache on and loads dist/server-main.js, the server itself
 *   dist/chartRenderWorker.js  the server's worker threads (server/src/node/workerEntry.ts): the render worker,
 *                    which builtin/renderService.ts starts by this name next to the server bundle, and the
 *                    renderer's deep-recursion worker, which engine/render/deepRender.ts starts as
 *                    dist/renderWorker.js — written here as a one-line loader of chartRenderWorker.js, so the
 *                    renderer ships once for both
 *   dist/chartRenderWorkerCached.js  the render worker's start when the server runs with the code cache
 *                    (server/src/node/workerBundleEntry.ts): the same cache in the worker, then chartRenderWorker.js
 *   dist/webview.js  the execution-order page (browser, IIFE)
 *   dist/codicons/   codicon.css + codicon.ttf from @vscode/codicons, for the page
 *
 *   node esbuild.js                 development build with source maps
 *   node esbuild.js --production    minified, no source maps (what `npm run package` ships)
 *   node esbuild.js --watch         rebuild on change
 */
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = __dirname;
const dist = path.join(root, 'dist');

/** @type {Array<{name: string, entry: string, options: import('esbuild').BuildOptions}>} */
const bundles = [
  {
    name: 'client',
    entry: 'client/src/extension.ts',
    options: { outfile: 'dist/client.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] },
  },
  {
    name: 'server',
    entry: 'server/src/node/bundleEntry.ts',
    options: { outfile: 'dist/server.js', platform: 'node', format: 'cjs', target: 'node18' },
  },
  {
    name: 'server-main',
    entry: 'server/src/node/main.ts',
    options: { outfile: 'dist/server-main.js', platform: 'node', format: 'cjs', target: 'node18' },
  },
  {
    name: 'workers',
    entry: 'server/src/node/workerEntry.ts',
    options: { outfile: 'dist/chartRenderWorker.js', platform: 'node', format: 'cjs', target: 'node18' },
  },
  {
    name: 'workers-cached',
    entry: 'server/src/node/workerBundleEntry.ts',
    options: { outfile: 'dist/chartRenderWorkerCached.js', platform: 'node', format: 'cjs', target: 'node18' },
  },
  {
    name: 'webview',
    entry: 'webview/src/main.ts',
    options: { outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2020' },
  },
];

function copyCodicons() {
  const from = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  const to = path.join(dist, 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, file), path.join(to, file));
}

/** Reports each build's result on the console, for watch mode. */
const reporter = (name) => ({
  name: 'report',
  setup(build) {
    build.onEnd((result) => {
      for (const e of result.errors) console.error(`✘ [${name}] ${e.text}${e.location ? ` (${e.location.file}:${e.location.line})` : ''}`);
      if (result.errors.length === 0) console.log(`[${name}] built`);
    });
  },
});

async function main() {
  // Start from an empty dist/ so stale files (source maps of a development build) never reach the VSIX.
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(dist, { recursive: true });
  copyCodicons();
  // The deep-recursion worker's name (engine/render/deepRender.ts) for the workers' bundle.
  fs.writeFileSync(path.join(dist, 'renderWorker.js'), "'use strict';\n// The renderer's deep-recursion worker: in the workers' bundle (server/src/node/workerEntry.ts).\nrequire('./chartRenderWorker.js');\n");

  const contexts = [];
  let failed = false;
  for (const bundle of bundles) {
    if (!fs.existsSync(path.join(root, bundle.entry))) {
      console.warn(`⚠ [${bundle.name}] ${bundle.entry} does not exist yet: skipped (${bundle.options.outfile} not built)`);
      continue;
    }
    const options = {
      entryPoints: [path.join(root, bundle.entry)],
      bundle: true,
      absWorkingDir: root,
      minify: production,
      sourcemap: production ? false : 'linked',
      sourcesContent: false,
      legalComments: production ? 'none' : 'inline',
      logLevel: 'warning',
      metafile: true,
      // vscode-languageclient/-server pick their Node entry by `main`; prefer it over any `browser` field.
      mainFields: bundle.options.platform === 'node' ? ['module', 'main'] : ['browser', 'module', 'main'],
      define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
      plugins: [reporter(bundle.name)],
      ...bundle.options,
    };
    if (watch) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
      contexts.push(ctx);
      continue;
    }
    try {
      const result = await esbuild.build(options);
      const out = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'));
      if (out) console.log(`  ${bundle.options.outfile.padEnd(16)} ${(out[1].bytes / 1024).toFixed(1)} KiB`);
    } catch {
      failed = true; // esbuild has already printed the errors
    }
  }
  if (watch) {
    console.log('watching… (Ctrl+C to stop)');
    return;
  }
  if (failed) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
