/**
 * The language server's side of rendered mode: Workspace Trust, request parameters read defensively, cancellation
 * from the LSP token, and notes about what Helm cannot see (unsaved buffers). server.ts only wires it up.
 */
import * as path from 'path';
import { fileURLToPath } from 'url';
import type { ChartModel } from '../engine/hooks/chartModel';
import type { OrderResult } from '../engine/types';
import type { RenderedOrderParams } from '../lspExtensions';
import { DEFAULT_NAMESPACE, DEFAULT_RELEASE, DEFAULT_RENDER_TIMEOUT_MS, HelmRenderer, RenderCancelled } from './renderedOrder';

/** A cancellation token as LSP hands it to a handler. */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** `initializationOptions.workspaceTrusted` (or `{helmHooks: {workspaceTrusted}}`): only `true` trusts. */
export function readWorkspaceTrust(initializationOptions: unknown): boolean {
  if (typeof initializationOptions !== 'object' || initializationOptions === null) return false;
  const o = initializationOptions as { workspaceTrusted?: unknown; helmHooks?: { workspaceTrusted?: unknown } };
  return o.workspaceTrusted === true || (typeof o.helmHooks === 'object' && o.helmHooks?.workspaceTrusted === true);
}

const MIN_TIMEOUT_MS = 1000;
const MAX_TIMEOUT_MS = 30 * 60 * 1000;

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
}

function nonEmpty(v: unknown, fallback: string): string {
  return typeof v === 'string' && v.trim() ? v.trim() : fallback;
}

/** A values file as the client names it: a file URI, an absolute path, or a path relative to the chart. */
export function valuesFilePath(value: string, chartRoot: string): string {
  if (value.startsWith('file:')) {
    try {
      return fileURLToPath(value).replace(/\\/g, '/');
    } catch {
      return value;
    }
  }
  return path.isAbsolute(value) ? value : path.join(chartRoot, value);
}

export class RenderedOrderService {
  private trustedNow: boolean;

  constructor(
    initiallyTrusted: boolean,
    private readonly renderer = new HelmRenderer(),
  ) {
    this.trustedNow = initiallyTrusted;
  }

  get trusted(): boolean {
    return this.trustedNow;
  }

  setTrusted(trusted: boolean): void {
    this.trustedNow = trusted;
  }

  /**
   * The rendered order of a chart, or `null` when cancelled or superseded. `unsaved` tells which of the chart's
   * files have unsaved edits: Helm reads the disk, so they are named in the notes.
   */
  async order(m: ChartModel, params: RenderedOrderParams, token: CancellationLike, unsaved: (file: string) => boolean): Promise<OrderResult | null> {
    const release = nonEmpty(params.release, DEFAULT_RELEASE);
    const namespace = nonEmpty(params.namespace, DEFAULT_NAMESPACE);
    const valuesFiles = strings(params.valuesFiles).map((v) => valuesFilePath(v, m.chart.root));
    const set = strings(params.set);
    const helm = nonEmpty(params.helmPath, 'helm');
    const timeoutMs =
      typeof params.timeoutMs === 'number' && Number.isFinite(params.timeoutMs)
        ? Math.min(MAX_TIMEOUT_MS, Math.max(MIN_TIMEOUT_MS, params.timeoutMs))
        : DEFAULT_RENDER_TIMEOUT_MS;
    if (!this.trustedNow) {
      return {
        chart: m.chart.name,
        chartRoot: m.chart.root,
        mode: 'rendered',
        helmVersion: 4,
        commands: {},
        dropped: [],
      disabled: [],
        hookCount: 0,
        renderErrors: [
          {
            message: 'This workspace is not trusted: Helm Hooks never runs helm in an untrusted workspace.',
            hint: 'Trust the workspace to verify with helm; the built-in render keeps working.',
            problem: 'untrusted',
          },
        ],
      };
    }
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    if (token.isCancellationRequested) controller.abort();
    try {
      const result = await this.renderer.renderedOrder(m, {
        helm,
        release,
        namespace,
        valuesFiles,
        set,
        timeoutMs,
        signal: controller.signal,
        cwd: m.chart.root,
        audience: 'editor',
      });
      const dirty = [...m.templates.map((t) => t.file), ...valuesFiles].filter((f) => !f.includes('!/') && unsaved(f));
      if (dirty.length && result.render) {
        const names = dirty.map((f) => path.relative(m.chart.root, f) || f);
        result.render.notes.push(`Helm renders the files on disk: unsaved changes in ${names.join(', ')} are not part of this render.`);
      }
      return result;
    } catch (e) {
      if (e instanceof RenderCancelled) return null;
      throw e;
    } finally {
      sub.dispose();
    }
  }
}
