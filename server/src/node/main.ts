/**
 * The server process: `--stdio` when run by `helm-hooks-language-server`, node IPC when started by VS Code's
 * language client (createConnection reads the transport from the command line).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { formatError } from '../runSafe';
import { startServer } from '../server';

const connection = createConnection(ProposedFeatures.all);

// A bug in one handler must not end the editor's session: log it and keep serving.
process.on('uncaughtException', (err) => connection.console.error(formatError('Uncaught exception', err)));
process.on('unhandledRejection', (reason) => connection.console.error(formatError('Unhandled rejection', reason)));

startServer(connection);
