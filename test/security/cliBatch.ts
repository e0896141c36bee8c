/**
 * Runs many `helm-hooks` command lines in one guarded process (`node --require processGuard.js cliBatch.js IN OUT`):
 * the CLI's own `mainAsync`, as bin/helm-hooks.js calls it, once per command line, with its output captured. Forty
 * corpus charts × lint/order × text/json would take 160 node start-ups one by one.
 *
 * IN: a JSON array of argument lists. OUT: a JSON array of BatchResult, in the same order.
 */
import * as fs from 'fs';
import { mainAsync, type CliIO } from '../../server/src/cli';

export interface BatchResult {
  argv: string[];
  code: number;
  stdoutBytes: number;
  /** For `--format json`: whether stdout parsed as JSON. */
  json?: boolean;
  stderr: string;
}

async function runBatch(input: string, output: string): Promise<void> {
  const lines = JSON.parse(fs.readFileSync(input, 'utf8')) as string[][];
  const results: BatchResult[] = [];
  for (const argv of lines) {
    let out = '';
    let err = '';
    const io: CliIO = {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
      cwd: fs.realpathSync(process.cwd()),
      colors: false,
      env: process.env,
    };
    const code = await mainAsync(argv, io);
    const result: BatchResult = { argv, code, stdoutBytes: Buffer.byteLength(out), stderr: err };
    if (argv.includes('json')) {
      try {
        JSON.parse(out);
        result.json = true;
      } catch {
        result.json = false;
      }
    }
    results.push(result);
  }
  fs.writeFileSync(output, JSON.stringify(results));
}

if (require.main === module) {
  void runBatch(process.argv[2], process.argv[3]);
}
