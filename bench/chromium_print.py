"""Headless Chromium printing HTML to PDF, as the pack benchmark's yardstick
(`bench/pack_benchmark.py`): a local HTTP server for the page and our static
files, one Chromium process per print, and the CPU time and memory of its
whole process tree read from /proc."""

import contextlib
import functools
import http.server
import os
import re
import resource
import subprocess
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
    # Belt and braces: no host name resolves, so nothing leaves 127.0.0.1.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
MB = 1024 * 1024
PR_SET_CHILD_SUBREAPER = 36


def rss_kb(pid: int | str = "self", field: str = "VmRSS") -> int:
    """VmRSS (current) or VmHWM (peak since exec) of a process, in KiB; 0 if gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.M)
    return int(found.group(1)) if found else 0


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    requested: list[str] = []

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        type(self).requested.append(self.path)
        super().do_GET()


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """http.server on 127.0.0.1 (free port) in a daemon thread."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def chromium_version() -> str:
    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    return out.strip().splitlines()[0] if out.strip() else "unknown"


def _parents() -> dict[int, int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def _descendants(root: int) -> list[int]:
    parents = _parents()
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sorted(tree)


def _reap_orphans(keep: set[int]) -> None:
    """Wait for every child of ours except `keep`: Chromium processes that
    were orphaned and, as we are a subreaper, handed to us."""
    me = os.getpid()
    while True:
        orphans = [pid for pid, parent in _parents().items() if parent == me and pid not in keep]
        if not orphans:
            return
        for pid in orphans:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _cpu_ticks(pid: int) -> int:
    """utime + stime of a process so far, in clock ticks; 0 if gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
    return int(found.group(1)) if found else 0


def chromium_print(
    url: str, pdf_path: Path, profile: Path, keep: set[int], sample: bool = False
) -> dict:
    """One Chromium process: print URL to pdf_path. Wall time runs until
    the chromium command exits (the PDF is written). With sample, poll the
    process tree's memory every ~50 ms (sum of RSS and of PSS)."""
    pdf_path.unlink(missing_ok=True)
    command = [
        CHROMIUM,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf_path}",
        url,
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = processes = 0
    ticks = {}
    if sample:
        while process.poll() is None:
            pids = _descendants(process.pid)
            processes = max(processes, len(pids))
            for pid in pids:
                ticks[pid] = max(ticks.get(pid, 0), _cpu_ticks(pid))
            peak_rss = max(peak_rss, sum(rss_kb(pid) for pid in pids))
            peak_pss = max(peak_pss, sum(_pss_kb(pid) for pid in pids))
            time.sleep(0.05)
    process.wait()
    seconds = time.perf_counter() - start
    _reap_orphans(keep)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_seconds = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if process.returncode != 0 or not pdf_path.exists():
        raise RuntimeError(f"Chromium failed (exit {process.returncode}): {' '.join(command)}")
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_tree_rss_mb": peak_rss / 1024,
        "peak_tree_pss_mb": peak_pss / 1024,
        "processes": processes,
        # CPU seen in /proc while sampling (misses each process's last ~50 ms):
        # a cross-check that rusage of children covers the whole tree.
        "sampled_cpu_seconds": sum(ticks.values()) / os.sysconf("SC_CLK_TCK"),
    }


def pdfinfo_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.M).group(1))


def pdf_fonts(path: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    names = {line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()}
    return sorted(names)
