/**
 * The diagnostic codes' documentation, shipped in the VSIX (docs/DIAGNOSTICS.md), so that a diagnostic's code link
 * opens its section in the editor without network. The server links each code to `<file>#L<line>` when the client
 * tells it where the file is and on which line each code's section starts (initializationOptions.diagnosticDocs).
 *
 * Only type imports of `vscode` here: the heading-line computation is a plain function, tested on the real page.
 */
import type * as vscode from 'vscode';
import type { DiagnosticDocs } from '../../server/src/lspConversions';

/** A section heading whose text is exactly a code: `## unknown-hook-event`. */
const CODE_HEADING = /^##[ \t]+([a-z0-9][a-z0-9-]*)[ \t]*$/;
/** A fenced code block opens or closes: a heading-looking line inside one is not a heading. */
const FENCE = /^[ \t]{0,3}(```|~~~)/;

/** Each code's section heading in the page: code → 1-based line (the first such heading wins). */
export function diagnosticHeadingLines(markdown: string): Record<string, number> {
  const lines: Record<string, number> = {};
  let fence: string | undefined;
  markdown.split(/\r\n|\r|\n/).forEach((text, i) => {
    const f = FENCE.exec(text);
    if (f) {
      if (fence === undefined) fence = f[1];
      else if (f[1] === fence) fence = undefined;
      return;
    }
    if (fence !== undefined) return;
    const m = CODE_HEADING.exec(text);
    if (m && !Object.prototype.hasOwnProperty.call(lines, m[1])) lines[m[1]] = i + 1;
  });
  return lines;
}

/**
 * Reads the shipped page through `vscode.workspace.fs`, which also reads the extension's own files in a remote
 * window (code-server, Remote-SSH, WSL). Without the page (a development build), the server keeps its repository
 * links: undefined.
 */
export async function loadDiagnosticDocs(
  fs: Pick<vscode.FileSystem, 'readFile'>,
  page: vscode.Uri,
): Promise<DiagnosticDocs | undefined> {
  try {
    const markdown = new TextDecoder('utf-8').decode(await fs.readFile(page));
    const lines = diagnosticHeadingLines(markdown);
    return Object.keys(lines).length > 0 ? { uri: page.toString(), lines } : undefined;
  } catch {
    return undefined;
  }
}
