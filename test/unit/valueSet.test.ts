/**
 * The value set the panel's form edits: read back defensively from what earlier versions remembered, labelled as
 * the panel, status bar and CodeLens say it, sent to the server as URIs, and the values files the QuickPick offers.
 */
import * as assert from 'assert';
import * as path from 'path';
import {
  DEFAULT_VALUE_SET,
  isDefaultValueSet,
  isValuesFileCandidate,
  readValueSet,
  sortCandidates,
  valueSetLabel,
  valueSetParams,
  valuesFileEntry,
  verifyParams,
} from '../../client/src/valueSet';

describe('value sets', () => {
  it('reads what earlier versions remembered (rendered-mode preferences) and drops what is not a value set', () => {
    assert.deepStrictEqual(readValueSet({ mode: 'rendered', release: ' prod ', namespace: '', valuesFiles: ['values-prod.yaml', 3, ''], set: ['a=1', ' '] }), {
      release: 'prod',
      namespace: 'default',
      valuesFiles: ['values-prod.yaml'],
      set: ['a=1'],
    });
    assert.deepStrictEqual(readValueSet('garbage'), DEFAULT_VALUE_SET);
    assert.ok(isDefaultValueSet(readValueSet(undefined)));
  });

  it('says the value set in one line, as `helm template` would be given it', () => {
    assert.strictEqual(valueSetLabel(DEFAULT_VALUE_SET), 'release release-name · namespace default · values.yaml only');
    assert.strictEqual(
      valueSetLabel({ release: 'prod', namespace: 'apps', valuesFiles: ['ci/a.yaml', '/x/b.yaml'], set: ['a=1', 'b=2'] }),
      'release prod · namespace apps · values ci/a.yaml, /x/b.yaml · --set a=1,b=2',
    );
  });

  it('keeps values files inside the chart relative, and others absolute; sends file URIs', () => {
    const root = path.resolve('/charts/shop');
    assert.strictEqual(valuesFileEntry(root, path.join(root, 'ci', 'prod.yaml')), 'ci/prod.yaml');
    assert.strictEqual(valuesFileEntry(root, path.resolve('/elsewhere/shared.yaml')), path.resolve('/elsewhere/shared.yaml'));
    const vs = { release: 'prod', namespace: 'apps', valuesFiles: ['ci/prod.yaml'], set: ['a=1'] };
    const params = valueSetParams(root, vs);
    assert.deepStrictEqual(params.valuesFiles, [new URL(`file://${path.join(root, 'ci', 'prod.yaml').replace(/\\/g, '/')}`).href]);
    const verify = verifyParams(root, vs, undefined, 30000);
    assert.strictEqual(verify.helmPath, undefined, 'no helm named: the server looks for it');
    assert.deepStrictEqual([verify.release, verify.namespace, verify.set, verify.timeoutMs], ['prod', 'apps', ['a=1'], 30000]);
    assert.deepStrictEqual(verify.valuesFiles, params.valuesFiles);
  });

  it('offers YAML from anywhere in the chart except templates, CRDs, Chart.yaml and the root values.yaml', () => {
    const files = ['values.yaml', 'ci/prod-values.yaml', 'env/staging/values.yml', 'templates/cm.yaml', 'charts/db/templates/x.yaml', 'Chart.yaml', 'crds/crd.yaml', 'charts/db/values.yaml', 'charts/db/ci/x.yaml', '.github/ci.yaml', 'README.md', 'values-dev.yaml'];
    assert.deepStrictEqual(sortCandidates(files.filter(isValuesFileCandidate)), ['values-dev.yaml', 'ci/prod-values.yaml', 'env/staging/values.yml', 'charts/db/ci/x.yaml']);
  });
});
