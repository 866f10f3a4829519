#!/usr/bin/env bash
# Install the system packages the tests need: Debian's Chromium (driven by Playwright as its
# executable; Playwright's own browser download is never used) and fonts for the pages, and
# Debian's PostgreSQL (the gradebook tests start their own server on 127.0.0.1 from its binaries
# in /usr/lib/postgresql/VERSION/bin; the cluster the package sets up is not used).
# Idempotent: when every package is already installed it does nothing, not even apt-get update.
# Runs as root on CI; elsewhere it uses sudo when that is available.
set -euo pipefail

packages=(chromium fonts-dejavu-core fonts-liberation2 postgresql)

missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    if [ "$status" != "installed" ]; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-system-packages: already installed: ${packages[*]}"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "install-system-packages: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
fi

echo "install-system-packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
command -v chromium >/dev/null
echo "install-system-packages: $(chromium --version 2>/dev/null || echo chromium installed)"
# Debian keeps the server binaries off PATH, under one folder per major version.
initdb=$(compgen -G "/usr/lib/postgresql/*/bin/initdb" | sort -V | tail -n 1)
test -n "$initdb"
echo "install-system-packages: $("$initdb" --version)"
