#!/usr/bin/env bash
# Render a lode HTML report in headless Chromium and fail (exit 1) when a map, table or chart is
# missing or broken. Usage: tools/check_report.sh REPORT.html [--screenshot OUT.png] [--expect maps=N ...]
# Needs Debian's chromium (apt-get install -y chromium) and python3 (standard library only).
# Exit codes: 0 pass, 1 broken report, 2 usage, 3 chromium missing.
set -euo pipefail
if [ $# -lt 1 ]; then
    echo "usage: $0 REPORT.html [--screenshot OUT.png] [--expect KIND=N ...]" >&2
    exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py="${LODE_PYTHON:-python3}"
command -v "$py" >/dev/null 2>&1 || py=python3
exec "$py" "$here/check_report.py" "$@"
