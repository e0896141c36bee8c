/**
 * The server process: `--stdio` when run by `helm-hooks-language-server`, node IPC when started by VS Code's
 * language client (createConnection reads the transport from the command line).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { formatError } from '../runSafe';
import { startServer } from '../server';

const connection = createConnection(ProposedFeatures.all);

// A bug in one handler must not end the editor's session: log it and keep serving. A broken pipe means the client
// is gone: reporting it would only break the pipe again, so that one ends the process.
const report = (what: string, err: unknown): void => {
  if ((err as { code?: unknown } | undefined)?.code === 'EPIPE') process.exit(1);
  try {
    connection.console.error(formatError(what, err));
  } catch {
    // nowhere left to report to
  }
};
process.on('uncaughtException', (err) => report('Uncaught exception', err));
process.on('unhandledRejection', (reason) => report('Unhandled rejection', reason));

startServer(connection);
