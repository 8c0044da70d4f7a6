#!/usr/bin/env bash
# Set up corridormap on Debian with Python 3.11: system packages, .venv, pinned Python packages.
# Usage: bash scripts/setup.sh app|test    (idempotent; re-runs only what changed)
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-app}
case "$want" in app|test) ;; *) echo "usage: scripts/setup.sh app|test" >&2; exit 2 ;; esac

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    sudo_if_needed apt-get update -qq
    sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))'; then
  echo "setup: Python 3.11 or newer is needed, found $("$PYTHON" --version)" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv 2>/dev/null || { apt_install python3-venv; rm -rf .venv; "$PYTHON" -m venv .venv; }
fi
# Print exports (PNG/SVG) need a CJK font in the app too; the browser tests need chromium.
if [ "$want" = test ]; then
  apt_install chromium fonts-noto-cjk
else
  apt_install fonts-noto-cjk
fi

stamp=".venv/.corridormap-setup-$want"
hash=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$hash" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  extra=""; [ "$want" = test ] && extra="[test]"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock -e ".$extra"
  echo "$hash" > "$stamp"
fi
