#!/bin/sh
# Says which prerequisite is missing, and how to install it, before `make`
# tries to build anything. Prints the Python interpreter to use on success.
set -u

for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        python=$candidate
        break
    fi
done
if [ -z "${python:-}" ]; then
    echo "Mangler: Python 3.11 eller nyere (missing Python 3.11+)." >&2
    echo "  Debian/Ubuntu: sudo apt-get install python3.11 python3.11-venv" >&2
    echo "  macOS:         brew install python@3.11" >&2
    exit 1
fi
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
    echo "Mangler: Pythons venv-modul (missing python venv)." >&2
    echo "  Debian/Ubuntu: sudo apt-get install python3-venv" >&2
    exit 1
fi
if ! "$python" -c 'import ctypes.util, sys; sys.exit(ctypes.util.find_library("pango-1.0") is None or ctypes.util.find_library("pangoft2-1.0") is None)'; then
    echo "Mangler: Pango, som WeasyPrint bruger til PDF (missing Pango libraries)." >&2
    echo "  Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" >&2
    echo "  macOS:         brew install pango" >&2
    exit 1
fi
echo "$python"
