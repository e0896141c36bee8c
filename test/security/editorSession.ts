/**
 * One editor session against the guarded server, touching every handler a client can reach: three templates
 * opened, diagnostics, completion, hover, CodeLens, quick fixes, the static order, the chart summary, the rendered
 * order (with and without a helm path), an edit, a save, file-watcher and configuration changes, a close.
 * The security tests run it and then look at what the server did besides answering.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeLens, CompletionList, Hover } from 'vscode-languageserver-protocol';
import type { OrderResponse, RenderedOrderParams, RenderedOrderResponse } from '../../server/src/lspExtensions';
import { fileUri, positionOf, type GuardedServer } from './guardedProcess';

export interface SessionOptions {
  /** What the rendered-order requests carry as `helmPath` (one request is also sent without it). */
  helmPath?: string;
}

export interface SessionReport {
  /** Requests answered, by method. */
  answered: Record<string, number>;
  /** Notifications sent, by method. */
  notified: Record<string, number>;
  /** The rendered-order answers, in order. */
  rendered: RenderedOrderResponse[];
}

/** The chart root must hold templates/hooks/banner-up.yaml, templates/hooks/db-backup.yaml and templates/deployment.yaml (examples/upgrade-with-backup). */
export async function runEditorSession(server: GuardedServer, chartRoot: string, opts: SessionOptions = {}): Promise<SessionReport> {
  const answered: Record<string, number> = {};
  const notified: Record<string, number> = {};
  const rendered: RenderedOrderResponse[] = [];
  const ask = async <T>(method: string, params: unknown): Promise<T> => {
    const r = await server.request<T>(method, params);
    answered[method] = (answered[method] ?? 0) + 1;
    return r;
  };
  const tell = async (method: string, params: unknown): Promise<void> => {
    await server.notify(method, params);
    notified[method] = (notified[method] ?? 0) + 1;
  };

  const bannerUp = path.join(chartRoot, 'templates/hooks/banner-up.yaml');
  const backup = path.join(chartRoot, 'templates/hooks/db-backup.yaml');
  const deployment = path.join(chartRoot, 'templates/deployment.yaml');
  const uri = fileUri(bannerUp);
  const text = fs.readFileSync(bannerUp, 'utf8');

  for (const file of [bannerUp, backup, deployment]) {
    const d = await server.open(file);
    assert.ok(Array.isArray(d.diagnostics), `diagnostics of ${file}`);
    notified['textDocument/didOpen'] = (notified['textDocument/didOpen'] ?? 0) + 1;
  }

  const completion = await ask<CompletionList | null>('textDocument/completion', {
    textDocument: { uri },
    position: positionOf(text, '"helm.sh/hook": "', '"helm.sh/hook": "'.length),
  });
  assert.ok(completion && completion.items.some((i) => i.label === 'pre-install'), 'event names are completed');
  const hover = await ask<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '"helm.sh/hook": "pre-upgrade', '"helm.sh/hook": "pr'.length) });
  assert.ok(hover, 'an event has a hover');
  const lenses = await ask<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } });
  assert.ok(lenses && lenses.length > 0, 'a hook has a CodeLens');
  await ask('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [] },
  });
  const order = await ask<OrderResponse>('helmHooks/order', { uri });
  assert.ok(order && order.hookCount > 0, 'the static order has hooks');
  await ask('helmHooks/chartSummary', { uri });

  const renderParams: RenderedOrderParams = { uri, release: 'shop', namespace: 'apps', valuesFiles: [fileUri(path.join(chartRoot, 'values.yaml'))], set: ['replicaCount=3'] };
  rendered.push(await ask<RenderedOrderResponse>('helmHooks/renderedOrder', { ...renderParams, helmPath: opts.helmPath }));
  rendered.push(await ask<RenderedOrderResponse>('helmHooks/renderedOrder', { ...renderParams, uri: fileUri(chartRoot) }));

  // An edit, a save (what re-renders an open panel in the editor), the disk changing, the settings changing.
  await server.change(bannerUp, text.replace('"helm.sh/hook-weight": "0"', '"helm.sh/hook-weight": "1"'));
  notified['textDocument/didChange'] = (notified['textDocument/didChange'] ?? 0) + 1;
  await tell('textDocument/didSave', { textDocument: { uri } });
  const refreshed = server.chartChanged.next((p) => p.chartRoot === chartRoot, 'chartChanged after the values file changed');
  await tell('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(chartRoot, 'values.yaml')), type: 2 }] });
  await refreshed;
  const reconfigured = server.chartChanged.next((p) => p.chartRoot === chartRoot, 'chartChanged after the configuration changed');
  await tell('workspace/didChangeConfiguration', { settings: { helmHooks: server.settings } });
  await reconfigured;
  rendered.push(await ask<RenderedOrderResponse>('helmHooks/renderedOrder', { ...renderParams, helmPath: opts.helmPath }));
  await ask('textDocument/codeLens', { textDocument: { uri } });
  await tell('textDocument/didClose', { textDocument: { uri: fileUri(deployment) } });
  await ask('helmHooks/order', { uri: fileUri(deployment) });
  return { answered, notified, rendered };
}

/** `{method: count}` as one line for the test output. */
export function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([m, n]) => `${m} ×${n}`)
    .join(', ');
}
