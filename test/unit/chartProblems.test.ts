import * as assert from 'assert';
import { countChartProblems, statusTexts } from '../../client/src/chartProblems';

const file = (fsPath: string) => ({ scheme: 'file', fsPath });
const d = (severity: number, source = 'helm-hooks') => ({ severity, source });

describe('status bar: the chart\'s problem counts', () => {
  const all = [
    [file('/w/chart/templates/a.yaml'), [d(0), d(0), d(1), d(3)]],
    [file('/w/chart/charts/sub/templates/b.yaml'), [d(1), d(0, 'yaml')]],
    [file('/w/chart-other/templates/c.yaml'), [d(0)]],
    [{ scheme: 'git', fsPath: '/w/chart/templates/a.yaml' }, [d(0)]],
    [file('/w/chart/templates/clean.yaml'), []],
  ] as const;

  it('counts only Helm Hooks diagnostics of files inside the chart (subcharts included), by severity', () => {
    assert.deepStrictEqual(countChartProblems(all, '/w/chart'), { errors: 2, warnings: 2, others: 1, files: 2 });
  });

  it('shows errors and warnings before the hook count, and a plain sentence for the tooltip', () => {
    const t = statusTexts('web', 12, { errors: 9, warnings: 5, others: 1, files: 7 });
    assert.strictEqual(t.text, '$(error) 9 $(warning) 5 · 12 hooks');
    assert.strictEqual(t.summary, 'Chart "web": 12 hooks; 9 errors, 5 warnings, 1 information and hints in 7 files');
  });

  it('a chart without errors or warnings keeps the plain hook count', () => {
    assert.strictEqual(statusTexts('web', 1, { errors: 0, warnings: 0, others: 0, files: 0 }).text, '$(list-ordered) 1 hook');
    assert.strictEqual(statusTexts('web', 2, { errors: 0, warnings: 0, others: 0, files: 0 }).summary, 'Chart "web": 2 hooks; no hook problems');
    assert.strictEqual(statusTexts('web', 2, { errors: 0, warnings: 0, others: 3, files: 1 }).text, '$(list-ordered) 2 hooks');
    assert.strictEqual(
      statusTexts('web', 2, { errors: 1, warnings: 0, others: 0, files: 1 }, true).summary,
      'Chart "web": 2 hooks; 1 error, 0 warnings in 1 file (open files only: helmHooks.diagnostics.scope is "openFiles")',
    );
  });
});
