/**
 * The diagnostics of a built-in render, per template file: what features/renderedDiagnostics.ts finds in the
 * rendered documents (and a render failure at the failing action), keyed by the template file each one points at.
 * Runs in the render worker; the server drops those a static diagnostic already gives and applies the severities.
 */
import { renderedDiagnostics } from '../engine/features/renderedDiagnostics';
import type { BuiltinOrder } from '../engine/hooks/builtinOrder';
import type { ChartModel } from '../engine/hooks/chartModel';
import type { HelmVersion, HookDiagnostic } from '../engine/types';

export function renderedFileDiagnostics(chart: ChartModel, built: BuiltinOrder, helmVersion: HelmVersion, showAllTies: boolean): Array<[string, HookDiagnostic[]]> {
  return [...renderedDiagnostics(chart, built, { helmVersion, showAllTies })];
}
