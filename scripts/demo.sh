#!/usr/bin/env bash
# Install parallax, then analyse the bundled example corpus into ./report/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/parallax analyze examples/corpus --out-dir report
echo "Open report/report.html in a browser (or run: .venv/bin/parallax serve --db report/parallax.db)"
