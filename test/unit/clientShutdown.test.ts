/**
 * A window reload stops the language client while VS Code still asks its providers: nothing may fail then. The
 * providers answer nothing once the client is stopping (a real failure while it runs still surfaces), and the
 * output channel takes writes until the extension closes it, then drops them instead of throwing "Channel has been
 * closed" (which surfaced as "provider FAILED" in the extension host's log).
 */
import * as assert from 'assert';
import type * as vscode from 'vscode';
import { createLogChannel } from '../../client/src/logChannel';
import { quietWhenStopped } from '../../client/src/quietShutdown';

/** VS Code's channel: throws once disposed, as ExtHostOutputChannel does. */
function fakeChannel(): { channel: vscode.OutputChannel; lines: string[]; disposed: () => boolean } {
  const lines: string[] = [];
  let disposed = false;
  const write = (v: string) => {
    if (disposed) throw new Error('Channel has been closed');
    lines.push(v);
  };
  const channel = {
    name: 'Helm Hooks',
    append: write,
    appendLine: write,
    replace: write,
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => {
      disposed = true;
    },
  } as unknown as vscode.OutputChannel;
  return { channel, lines, disposed: () => disposed };
}

const doc = {} as vscode.TextDocument;
const token = {} as vscode.CancellationToken;

describe('client shutdown', () => {
  it('providers answer nothing once the client is stopping, even when the request fails meanwhile', async () => {
    let running = true;
    const m = quietWhenStopped(() => running);
    const failing = async () => {
      running = false; // the window reloads while the request is under way
      throw new Error('Starting server failed');
    };
    assert.strictEqual(await m.provideCodeLenses!(doc, token, failing), undefined);
    let called = false;
    assert.strictEqual(
      await m.provideCodeActions!(doc, {} as vscode.Range, {} as vscode.CodeActionContext, token, async () => {
        called = true;
        return [];
      }),
      undefined,
    );
    assert.strictEqual(called, false, 'no request once stopping');
  });

  it('while the client runs, answers and failures pass through', async () => {
    const m = quietWhenStopped(() => true);
    const hover = { contents: [] } as unknown as vscode.Hover;
    assert.strictEqual(await m.provideHover!(doc, {} as vscode.Position, token, async () => hover), hover);
    await assert.rejects(
      Promise.resolve(m.provideHover!(doc, {} as vscode.Position, token, async () => Promise.reject(new Error('server error')))),
      /server error/,
    );
  });

  it('the output channel drops writes after close instead of throwing, and is closed once', () => {
    const fake = fakeChannel();
    const log = createLogChannel(fake.channel);
    log.appendLine('before');
    log.dispose(); // the language client's dispose of a channel it did not create: nothing happens
    log.appendLine('still open');
    assert.strictEqual(fake.disposed(), false);
    log.close();
    assert.strictEqual(fake.disposed(), true);
    assert.doesNotThrow(() => log.appendLine('after'));
    assert.deepStrictEqual(fake.lines, ['before', 'still open']);
  });

  it('a channel VS Code closed first does not make the caller fail', () => {
    const fake = fakeChannel();
    const log = createLogChannel(fake.channel);
    fake.channel.dispose();
    assert.doesNotThrow(() => log.appendLine('late'));
  });
});
