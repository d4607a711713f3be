#!/usr/bin/env bash
# Installs everything reportgen needs on Debian 12 with Python 3.11: system
# packages (apt-get), a virtualenv in .venv with the package and its test tools,
# and axe-core for the accessibility tests. Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # PDF rendering (WeasyPrint's libraries) and reading PDFs back
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils qpdf
  # fonts: court serif, Word-metric fonts, and scripts our families write in
  fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea
  fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-symbola
  # a real word processor to open every DOCX we produce
  libreoffice-writer-nogui
  # a real browser for the wizard's tests, and a real database server
  chromium postgresql
  # Debian's own Python 3.11 and its venv module (see below)
  python3.11 python3.11-venv
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's /usr/bin/python3.11 is built with profile-guided and link-time
# optimisation; a python3.11 compiled by pyenv usually is not, and renders a
# report about 7% slower (bench/render.py). PYTHON=... overrides the choice.
if [ -n "${PYTHON:-}" ]; then PY=$PYTHON
elif [ -x /usr/bin/python3.11 ]; then PY=/usr/bin/python3.11
else PY=python3.11
fi
PY=$(command -v "$PY")
stamp=.venv/.reportgen-installed
want="$(sha256sum pyproject.toml | cut -d' ' -f1) $(readlink -f "$PY")"
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cut -d' ' -f2 "$stamp")" != "$(readlink -f "$PY")" ]; then
  echo "setup: .venv was made with another Python; making it again with $PY"
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $PY"
  "$PY" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python packages"
  log=.venv/pip-install.log
  if ! { .venv/bin/pip install -q --disable-pip-version-check --upgrade pip &&
         .venv/bin/pip install -q --disable-pip-version-check -e ".[web,dev]"; } >"$log" 2>&1; then
    grep -v "WARNING: Location" "$log" >&2; echo "setup: pip install failed (log: $log)" >&2; exit 1
  fi
  echo "$want" > "$stamp"
fi

if [ -f package.json ] && [ ! -f node_modules/axe-core/axe.min.js ]; then
  echo "setup: installing axe-core"
  npm install --silent --no-audit --no-fund >/dev/null
fi
