import * as assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver';
import { dedent } from '../helpers/fixtures';
import { TmpChart, within } from './lspTestClient';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const serverMain = path.join(repoRoot, 'out', 'server', 'src', 'node', 'main.js');

describe('protocol: the server as a child process over --stdio', () => {
  let chart: TmpChart;
  let child: ChildProcess | undefined;
  let connection: MessageConnection | undefined;
  let stderr = '';

  before(() => {
    chart = new TmpChart({ 'Chart.yaml': 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n' });
  });

  after(() => {
    connection?.dispose();
    if (child && child.exitCode === null && child.signalCode === null) child.kill();
    chart.remove();
  });

  it('initializes, publishes diagnostics for an opened template, shuts down and exits with 0', async () => {
    const proc = spawn(process.execPath, [serverMain, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child = proc;
    proc.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    connection = conn;
    const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) =>
      conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => resolve(p)),
    );
    conn.listen();

    const init = await within(conn.sendRequest<InitializeResult>('initialize', { processId: process.pid, rootUri: null, capabilities: {} }), `initialize (stderr: ${stderr})`);
    assert.strictEqual(init.serverInfo?.name, 'helm-hooks-language-server');
    await conn.sendNotification('initialized', {});

    const uri = chart.uri('templates/job.yaml');
    const text = dedent`
      kind: Job
      metadata:
        name: migrate
        annotations:
          helm.sh/hook: post-upgarde
    `;
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
    const published = await within(diagnostics, 'diagnostics over stdio');
    assert.strictEqual(published.uri, uri);
    assert.deepStrictEqual(published.diagnostics.map((d) => [d.code, d.range.start.line]), [['unknown-hook-event', 4]]);

    assert.strictEqual(await within(conn.sendRequest('shutdown'), 'shutdown'), null);
    await conn.sendNotification('exit');
    assert.strictEqual(await within(exited, 'the process to exit'), 0, stderr);
  });
});
