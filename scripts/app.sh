#!/usr/bin/env bash
# Set up (if needed) and run the corridormap app on the bundled data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
exec .venv/bin/python serve.py "$@"
