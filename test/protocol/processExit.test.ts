/**
 * The language server's render worker never keeps its process alive: a process that runs the server in-process
 * (a test, an editor that embeds it) and drops the connection after a built-in render ends by itself. Node refs a
 * worker's port again when a 'message' listener is added after unref(): this failed that way and hung the suite.
 */
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';
import { TmpChart } from './lspTestClient';

const SCRIPT = `
const { TestClient } = require(${JSON.stringify(path.join(__dirname, 'lspTestClient.js'))});
(async () => {
  const [root, uri] = process.argv.slice(1);
  const client = new TestClient({ settings: {} });
  await client.initialize();
  const landed = client.chartChanged.next((p) => p.chartRoot === root && p.rendered === true, 'the first built-in render');
  await client.open(uri, require('fs').readFileSync(new URL(uri), 'utf8'));
  await landed;
  client.dispose();
  process.stdout.write('rendered\\n');
})().catch((e) => { process.stdout.write('failed ' + (e && e.stack) + '\\n'); process.exit(2); });
`;

describe('protocol: the render worker never keeps the process alive', function () {
  this.timeout(60_000);

  it('a process that ran a built-in render and dropped the server exits by itself', async () => {
    const chart = new TmpChart({
      'Chart.yaml': 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n',
      'templates/job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-migrate\n  annotations:\n    "helm.sh/hook": pre-install\n',
    });
    try {
      const child = spawn(process.execPath, ['-e', SCRIPT, chart.root, chart.uri('templates/job.yaml')], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      // Not a speed bound: a process kept alive by the worker never exits, so "still running" is the failure.
      const ended = await new Promise<number | 'still running'>((resolve) => {
        const timer = setTimeout(() => resolve('still running'), 45_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve(code ?? -1);
        });
      });
      if (ended === 'still running') child.kill('SIGKILL');
      assert.match(out, /^rendered$/m, `the child rendered the chart: ${out}`);
      assert.strictEqual(ended, 0, 'the child exited by itself after dropping the server');
    } finally {
      chart.remove();
    }
  });
});
