/**
 * The injection grammar (syntaxes/helm-hooks.injection.json), tokenized with VS Code's own TextMate engine
 * (vscode-textmate + vscode-oniguruma) on top of the real YAML grammar (from tm-grammars) and on top of a tiny
 * stand-in for the Kubernetes extension's `source.helm`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { DELETE_POLICIES, DEPRECATED_EVENTS, EVENT_NAMES, OUTPUT_LOG_POLICIES, RESOURCE_POLICY_KEEP } from '../../server/src/engine/helmFacts';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const injectionPath = path.join(repoRoot, 'syntaxes', 'helm-hooks.injection.json');
const INJECTION = 'helm-hooks.injection';

const EVENT = 'constant.language.hook-event.helm-hooks';
const DELETE = 'constant.language.delete-policy.helm-hooks';
const OUTLOG = 'constant.language.output-log-policy.helm-hooks';
const KEEP = 'constant.language.resource-policy.helm-hooks';
const WEIGHT = 'constant.numeric.integer.hook-weight.helm-hooks';
const KEY = 'support.type.property-name.hook-annotation.helm-hooks';

/** Stand-in for the Kubernetes extension's Helm template grammar: YAML plus `{{ }}` actions. */
const HELM_STUB = {
  scopeName: 'source.helm',
  patterns: [
    { begin: '\\{\\{', end: '\\}\\}', name: 'meta.embedded.block.helm' },
    { include: 'source.yaml' },
  ],
};

let registryPromise: Promise<vsctm.Registry> | undefined;

function registry(): Promise<vsctm.Registry> {
  registryPromise ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const grammars: Record<string, string> = {
      'source.yaml': require.resolve('tm-grammars/grammars/yaml.json'),
      [INJECTION]: injectionPath,
    };
    return new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        if (scopeName === 'source.helm') return vsctm.parseRawGrammar(JSON.stringify(HELM_STUB), 'helm.json');
        const file = grammars[scopeName];
        return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
      },
      // What `injectTo` in package.json does inside VS Code.
      getInjections: (scopeName: string) => (scopeName === 'source.yaml' || scopeName === 'source.helm' ? [INJECTION] : undefined),
    });
  })();
  return registryPromise;
}

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

async function tokenize(source: string, scopeName = 'source.yaml'): Promise<Token[]> {
  const grammar = await (await registry()).loadGrammar(scopeName);
  assert.ok(grammar, `grammar ${scopeName} loads`);
  const out: Token[] = [];
  let state = vsctm.INITIAL;
  source.split('\n').forEach((text, line) => {
    const result = grammar.tokenizeLine(text, state);
    for (const t of result.tokens) out.push({ line, text: text.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = result.ruleStack;
  });
  return out;
}

/** Scopes of the token that is exactly `text` (the `nth` such token, 0-based). */
function scopesOf(tokens: Token[], text: string, nth = 0): string[] {
  const found = tokens.filter((t) => t.text === text);
  assert.ok(found.length > nth, `a token "${text}" exists; tokens: ${JSON.stringify(tokens.map((t) => t.text))}`);
  return found[nth].scopes;
}

function hasScope(scopes: string[], scope: string): boolean {
  return scopes.some((s) => s.split(' ').includes(scope));
}

function assertScope(tokens: Token[], text: string, scope: string, nth = 0): void {
  const scopes = scopesOf(tokens, text, nth);
  assert.ok(hasScope(scopes, scope), `"${text}" has ${scope}; got ${scopes.join(' ')}`);
}

function assertNoScope(tokens: Token[], text: string, scope: string, nth = 0): void {
  const scopes = scopesOf(tokens, text, nth);
  assert.ok(!hasScope(scopes, scope), `"${text}" must not have ${scope}; got ${scopes.join(' ')}`);
}

/** The text of every token with `scope`, in order. */
function textsWith(tokens: Token[], scope: string): string[] {
  return tokens.filter((t) => hasScope(t.scopes, scope)).map((t) => t.text);
}

function manifest(annotations: string): string {
  return [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: db-migrate',
    '  annotations:',
    ...annotations.split('\n').map((l) => `    ${l}`),
    'spec:',
    '  backoffLimit: 0',
  ].join('\n');
}

describe('injection grammar for hook annotations', function () {
  this.timeout(20000);

  it('is valid JSON with the scope name and injection targets package.json declares', () => {
    const grammar = JSON.parse(fs.readFileSync(injectionPath, 'utf8'));
    assert.strictEqual(grammar.scopeName, INJECTION);
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const contributed = pkg.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === INJECTION);
    assert.deepStrictEqual(contributed.injectTo, ['source.yaml', 'source.helm']);
    assert.strictEqual(path.resolve(repoRoot, contributed.path), injectionPath);
    // Never a competing full grammar: no language of our own, only an injection.
    assert.strictEqual(contributed.language, undefined);
    assert.strictEqual(pkg.contributes.languages, undefined);
  });

  it('highlights the hook key and every event Helm knows (from the Helm facts table)', async () => {
    const events = [...EVENT_NAMES, ...Object.keys(DEPRECATED_EVENTS)];
    const tokens = await tokenize(manifest(`helm.sh/hook: ${events.join(',')}`));
    assertScope(tokens, 'helm.sh/hook', KEY);
    assert.deepStrictEqual(textsWith(tokens, EVENT), events);
  });

  it('does not highlight unknown events as known: a typo, a Helm 2 event, an empty item', async () => {
    const tokens = await tokenize(manifest('helm.sh/hook: pre-instal,crd-install,test-failure,pre-installx,,post-install'));
    for (const unknown of ['pre-instal', 'crd-install', 'test-failure', 'pre-installx']) {
      assertNoScope(tokens, unknown, EVENT);
      assertScope(tokens, unknown, 'string.unquoted.plain.out.yaml');
    }
    assert.deepStrictEqual(textsWith(tokens, EVENT), ['post-install']);
  });

  it('reads events the way Helm does: quoted, spaced, any case', async () => {
    const tokens = await tokenize(manifest('"helm.sh/hook": "Pre-Install, post-upgrade"'));
    assertScope(tokens, 'helm.sh/hook', KEY);
    assert.deepStrictEqual(textsWith(tokens, EVENT), ['Pre-Install', 'post-upgrade']);
    assertScope(tokens, 'Pre-Install', 'string.quoted.double.yaml');
  });

  it('highlights known delete policies, output-log policies and keep, and nothing else', async () => {
    const tokens = await tokenize(
      manifest(
        [
          `helm.sh/hook-delete-policy: ${DELETE_POLICIES.map((p) => p.name).join(',')},hook-succeded`,
          `helm.sh/hook-output-log-policy: "${OUTPUT_LOG_POLICIES.map((p) => p.name).join(',')}"`,
          `helm.sh/resource-policy: ${RESOURCE_POLICY_KEEP}`,
        ].join('\n'),
      ),
    );
    assert.deepStrictEqual(textsWith(tokens, DELETE), DELETE_POLICIES.map((p) => p.name));
    assert.deepStrictEqual(textsWith(tokens, OUTLOG), OUTPUT_LOG_POLICIES.map((p) => p.name));
    assert.deepStrictEqual(textsWith(tokens, KEEP), ['keep']);
    assertNoScope(tokens, 'hook-succeded', DELETE);
    for (const key of ['helm.sh/hook-delete-policy', 'helm.sh/hook-output-log-policy', 'helm.sh/resource-policy']) {
      assertScope(tokens, key, KEY);
    }
  });

  it('keeps policy values to their own key: an event name is not a delete policy', async () => {
    const tokens = await tokenize(manifest('helm.sh/hook-delete-policy: pre-install\nhelm.sh/resource-policy: hook-failed'));
    assertNoScope(tokens, 'pre-install', DELETE);
    assertNoScope(tokens, 'pre-install', EVENT);
    assertNoScope(tokens, 'hook-failed', KEEP);
  });

  it('marks a weight as an integer only when strconv.Atoi would parse it', async () => {
    const tokens = await tokenize(
      manifest(['helm.sh/hook-weight: "-5"', "helm.sh/hook-weight: '+7'", 'helm.sh/hook-weight: "abc"', 'helm.sh/hook-weight: " 5"', 'helm.sh/hook-weight: "5.0"'].join('\n')),
    );
    assert.deepStrictEqual(textsWith(tokens, WEIGHT), ['-5', '+7']);
    for (let i = 0; i < 5; i++) assertScope(tokens, 'helm.sh/hook-weight', KEY, i);
  });

  it('leaves other keys, near misses, comments and strings alone', async () => {
    const tokens = await tokenize(
      manifest(
        [
          'description: pre-install',
          'helm.sh/hooks: pre-install',
          '# helm.sh/hook: post-install',
          'note: "helm.sh/hook: post-delete"',
          'helm.sh/hook: pre-delete # then post-rollback',
        ].join('\n'),
      ),
    );
    assert.deepStrictEqual(textsWith(tokens, EVENT), ['pre-delete']);
    assert.deepStrictEqual(textsWith(tokens, KEY), ['helm.sh/hook']);
    assert.ok(tokens.some((t) => t.text.includes('then post-rollback') && hasScope(t.scopes, 'comment.line.number-sign.yaml')));
  });

  it('treats a templated value as dynamic, not as a known event', async () => {
    const tokens = await tokenize(manifest('helm.sh/hook: {{ .Values.hookEvents | quote }}'));
    assert.deepStrictEqual(textsWith(tokens, EVENT), []);
    assert.ok(tokens.some((t) => t.text.includes('.Values.hookEvents') && hasScope(t.scopes, 'meta.embedded.template.helm-hooks')));
  });

  it('does not disturb the YAML around it', async () => {
    const tokens = await tokenize(manifest('helm.sh/hook: pre-install\nhelm.sh/hook-weight: "1"'));
    // The YAML grammar may split a key into several tokens: compare the text it scopes as keys, line by line.
    const keysOnLine = (line: number) =>
      tokens.filter((t) => t.line === line && hasScope(t.scopes, 'entity.name.tag.yaml')).map((t) => t.text).join('');
    assert.strictEqual(keysOnLine(1), 'kind');
    assert.strictEqual(keysOnLine(4), 'annotations');
    assert.strictEqual(keysOnLine(7), 'spec');
    assert.strictEqual(keysOnLine(8), 'backoffLimit');
  });

  it('is injected into Helm templates (source.helm) too', async () => {
    const tokens = await tokenize(
      ['{{- if .Values.migrate }}', 'metadata:', '  annotations:', '    "helm.sh/hook": post-install,post-upgrade', '{{- end }}'].join('\n'),
      'source.helm',
    );
    assertScope(tokens, 'helm.sh/hook', KEY);
    assert.deepStrictEqual(textsWith(tokens, EVENT), ['post-install', 'post-upgrade']);
  });
});
