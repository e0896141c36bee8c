import * as assert from 'assert';
import { analyzeOne, dedent } from '../helpers/fixtures';

function weightOf(written: string): number | undefined {
  return analyzeOne(dedent`
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: migrate
      annotations:
        helm.sh/hook: pre-install
        helm.sh/hook-weight: ${written}
  `).hook?.weight;
}

describe('extraction: unquoted weights read as Helm reads them (YAML 1.1 number → string → strconv.Atoi)', () => {
  it('an unquoted 5 is weight 5', () => assert.strictEqual(weightOf('5'), 5));
  it('an unquoted 5.0 is weight 5: the number converts back to "5"', () => assert.strictEqual(weightOf('5.0'), 5));
  it('an unquoted 1e3 is weight 1000', () => assert.strictEqual(weightOf('1e3'), 1000));
  it('an unquoted 0x10 is weight 16', () => assert.strictEqual(weightOf('0x10'), 16));
  it('an unquoted 010 is octal in YAML 1.1: weight 8', () => assert.strictEqual(weightOf('010'), 8));
  it('a quoted "010" is decimal for strconv.Atoi: weight 10', () => assert.strictEqual(weightOf('"010"'), 10));
  it('an unquoted 5.5 is not an integer: weight 0', () => assert.strictEqual(weightOf('5.5'), 0));
  // A float64 of 1000000 becomes "1e+06" (Go's %g): strconv.Atoi fails, weight 0 (real Helm: test/render/surprises.test.ts).
  it('an unquoted 1e6 is "1e+06" to Helm: weight 0', () => assert.strictEqual(weightOf('1e6'), 0));
  it('an unquoted 10000000.0 is "1e+07" to Helm: weight 0', () => assert.strictEqual(weightOf('10000000.0'), 0));
});
