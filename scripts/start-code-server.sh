#!/usr/bin/env bash
# `npm start`: the extension in the real VS Code, in your browser. Installs code-server (Node 24) into .tools/e2e/
# if needed, builds and packages the extension, installs the VSIX into a profile kept in .tools/e2e/start/, and opens
# examples/upgrade-with-backup on http://127.0.0.1:$PORT (127.0.0.1 only; forward the port to use it remotely).
# Ctrl+C stops code-server, its extension host and the language server (the whole process group).
#
#   npm start                      PORT=8080 by default: HELM_HOOKS_PORT=9000 npm start
#   npm start -- --cli             no editor: print the example chart's hook order timeline and its lint
#   npm start -- --check           start, wait until the workbench answers, stop (what the README check runs)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CHART=examples/upgrade-with-backup
MODE=${1:-}

if [ "$MODE" = "--cli" ]; then
  npm run build --silent
  node bin/helm-hooks.js order "$CHART"
  node bin/helm-hooks.js lint "$CHART"
  exit 0
fi

PORT=${HELM_HOOKS_PORT:-8080}
T=${E2E_TOOLS:-$ROOT/.tools/e2e}
START=$T/start
say() { echo "[start] $*"; }

bash scripts/setup-e2e.sh
say "building and packaging the extension"
npm run build --silent
npm run package --silent >"$T/package.log" 2>&1 || { tail -20 "$T/package.log" >&2; echo "[start] ERROR: npm run package failed (log: $T/package.log)" >&2; exit 1; }

NODE24=$(dirname "$(node -p "require('$T/tools.json').node24")")
CODE_SERVER=$(node -p "require('$T/tools.json').codeServer")
export PATH=$NODE24:$PATH EXTENSIONS_GALLERY='{}' XDG_CONFIG_HOME=$START/xdg-config XDG_DATA_HOME=$START/xdg-data
mkdir -p "$START/profile/User" "$START/extensions" "$START/tmp"
export TMPDIR=$START/tmp
SETTINGS=$START/profile/User/settings.json
[ -f "$SETTINGS" ] || cat >"$SETTINGS" <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "chat.disableAIFeatures": true
}
JSON
COMMON=(--config /dev/null --user-data-dir "$START/profile" --extensions-dir "$START/extensions")
"$CODE_SERVER" "${COMMON[@]}" --force --install-extension "$ROOT/helm-hooks.vsix" >"$START/install.log" 2>&1 ||
  { cat "$START/install.log" >&2; echo "[start] ERROR: code-server --install-extension helm-hooks.vsix failed" >&2; exit 1; }

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "[start] ERROR: 127.0.0.1:$PORT is in use; choose another port: HELM_HOOKS_PORT=9000 npm start" >&2
  exit 1
fi

# setsid: code-server leads its own process group, so stopping it stops the extension host and language server too.
setsid "$CODE_SERVER" "${COMMON[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override >"$START/code-server.log" 2>&1 &
PID=$!
stop() { kill -TERM -- -"$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
trap 'stop; exit 130' INT TERM
trap stop EXIT

for _ in $(seq 1 300); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  kill -0 "$PID" 2>/dev/null || { tail -20 "$START/code-server.log" >&2; echo "[start] ERROR: code-server exited" >&2; exit 1; }
  sleep 0.2
done
FOLDER=$(node -p "encodeURIComponent(process.argv[1])" "$ROOT/$CHART")
URL="http://127.0.0.1:$PORT/?folder=$FOLDER"
if [ "$MODE" = "--check" ]; then
  curl -sf "$URL" | grep -q 'vscode-workbench-web-configuration' || { echo "[start] ERROR: $URL did not serve the workbench" >&2; exit 1; }
  say "ok: $URL served the VS Code workbench"
  exit 0
fi
echo
say "VS Code with Helm Hooks is running. Open in your browser:"
echo
echo "    $URL"
echo
say "(127.0.0.1 only; from another machine: ssh -L $PORT:127.0.0.1:$PORT ...). Ctrl+C stops it. Log: $START/code-server.log"
wait "$PID"
