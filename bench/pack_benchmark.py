"""Benchmark: a whole-meeting pack (~40 pages) made by the pack pipeline
(`packs.pipeline.make_pack`: content, HTML, WeasyPrint), as a warm Celery
worker does it, against headless Chromium printing the same HTML.

Not a test. Run from the repository root:

    DEBUG=1 .venv/bin/python bench/pack_benchmark.py

Options: --timed N (default 5, after 1 warm-up), --growth N (default 20),
--target-pages P (default 40). It uses its own scratch database
(/tmp/pack_benchmark.sqlite3, recreated each run) and work folder
(/tmp/pack_benchmark/); all HTTP traffic goes to 127.0.0.1 only.

How it measures:

* The main process migrates the scratch database, runs `load_demo`, makes a
  meeting whose agenda repeats the demo projects until the pack is about P
  pages, and makes its HTML once with the pipeline (`make_pack(...,
  pdf=False)`) for Chromium.
* WeasyPrint: a fresh child process (this script with --weasyprint-worker)
  sets up Django, like a Celery worker, and makes the meeting's pack with
  `make_pack(meeting)` when told to, in-process, max(1 + N, growth) times
  in all: the same pipeline the worker runs, so each render reads the data,
  builds the HTML (the same as Chromium's but for the minute it was made)
  and calls WeasyPrint; the pipeline times each step. (The main process has
  done migrate, load_demo and calibration renders, which would inflate its
  memory.) RSS is read after every render; one extra render under
  tracemalloc gives the peak of Python allocations.
* Chromium: `/usr/bin/chromium --headless --print-to-pdf` on the same HTML,
  served with the repo's static/ folder by a local http.server thread; one
  new Chromium process per run, so timings include process start. CPU time
  is the whole process tree's (this process is made a child subreaper, so
  orphaned Chromium processes are reaped, and counted, here).
* The warm-up and the N timed runs alternate (WeasyPrint render, Chromium
  run, ...) so that load from other processes on the machine hits both
  alike. Then one Chromium run whose process tree memory is sampled from
  /proc every ~50 ms (no psutil needed), then the rest of the WeasyPrint
  renders for the growth figures.
"""

import argparse
import ctypes
import gc
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from chromium_print import (
    MB,
    PR_SET_CHILD_SUBREAPER,
    QuietHandler,
    chromium_print,
    chromium_version,
    pdf_fonts,
    pdfinfo_pages,
    rss_kb,
    serve,
)
from pack_meeting import DB_PATH, build_html, calibrate, make_meeting, scratch_database
from pack_rerender import compare_demo
from pack_rerender import report as demo_report

REPO = Path(__file__).resolve().parent.parent
WORK = Path("/tmp/pack_benchmark")


def setup_django() -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "workbench.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    os.environ["MEDIA_ROOT"] = str(WORK / "media")  # the packs' parts, never the checkout's media/
    import django

    django.setup()


def maxrss_kb() -> int:
    """getrusage ru_maxrss (KiB on Linux). Caveat: a child started by
    fork+exec inherits the parent's high-water mark, so in the worker this
    starts at the main process's size; VmHWM (peak_rss) does not."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# -- WeasyPrint, in a fresh worker-like child process --------------------------


def weasyprint_worker(meeting_id: int) -> None:
    """Runs in the child. Reads commands from stdin ("render", "gc",
    "trace", "finish") and answers each with one JSON line on stdout."""
    setup_django()
    import logging

    import weasyprint

    from meetings.models import Meeting
    from packs.pipeline import make_pack

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    meeting = Meeting.objects.get(pk=meeting_id)
    answer = sys.stdout
    sys.stdout = sys.stderr  # anything else printed must not break the protocol

    def reply(data: dict) -> None:
        answer.write(json.dumps(data) + "\n")
        answer.flush()

    reply(
        {
            "weasyprint_version": weasyprint.__version__,
            "rss_mb": rss_kb() / 1024,
            "peak_rss_mb": rss_kb(field="VmHWM") / 1024,
            "maxrss_mb": maxrss_kb() / 1024,
        }
    )
    number = 0
    for line in sys.stdin:
        command = line.strip()
        if command == "render":
            number += 1
            # Every render here is a whole one: no part kept from the last.
            shutil.rmtree(WORK / "media" / "pack-parts", ignore_errors=True)
            start, cpu_start = time.perf_counter(), time.process_time()
            pack = make_pack(meeting)
            pipeline_seconds = time.perf_counter() - start
            cpu_seconds = time.process_time() - cpu_start
            if number == 1:
                (WORK / "weasyprint.pdf").write_bytes(pack.pdf)
            reply(
                {
                    "number": number,
                    # WeasyPrint's step (HTML to PDF), what Chromium does too
                    "seconds": pack.seconds["pdf"],
                    "pipeline_seconds": pipeline_seconds,
                    "steps": pack.seconds,
                    "cpu_seconds": cpu_seconds,
                    "pages": pack.pages,
                    "pdf_bytes": len(pack.pdf),
                    "rss_mb": rss_kb() / 1024,
                    "peak_rss_mb": rss_kb(field="VmHWM") / 1024,
                    "maxrss_mb": maxrss_kb() / 1024,
                }
            )
            del pack
        elif command == "gc":
            gc.collect()
            reply({"rss_after_gc_mb": rss_kb() / 1024})
        elif command == "trace":
            tracemalloc.start()
            make_pack(meeting)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            reply({"tracemalloc_peak_mb": peak / MB})
        elif command == "finish":
            reply(
                {
                    "rss_mb": rss_kb() / 1024,
                    "peak_rss_mb": rss_kb(field="VmHWM") / 1024,
                    "maxrss_mb": maxrss_kb() / 1024,
                }
            )
            return


class WeasyPrintWorker:
    """The parent's handle on the worker process."""

    def __init__(self, meeting_id: int):
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--weasyprint-worker",
            str(meeting_id),
        ]
        self.process = subprocess.Popen(
            command, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self.start = self._read()

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("The WeasyPrint worker died; see its output above.")
        return json.loads(line)

    def ask(self, command: str) -> dict:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self._read()

    def finish(self) -> dict:
        result = self.ask("finish")
        self.process.stdin.close()
        self.process.wait()
        return result


# -- Chromium ----------------------------------------------------------------------


def compare(site: Path, meeting_id: int, timed: int, growth: int) -> tuple[dict, dict]:
    """WeasyPrint renders and Chromium runs, alternating (see module doc)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")
    server, origin = serve(site)
    url = f"{origin}/pack.html"
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-", dir=WORK))
    pdf_path = WORK / "chromium.pdf"
    worker = WeasyPrintWorker(meeting_id)
    keep = {worker.process.pid}
    renders, runs = [], []
    try:
        for _ in range(1 + timed):
            renders.append(worker.ask("render"))
            runs.append(chromium_print(url, pdf_path, profile, keep))
            print(
                f"  WeasyPrint {renders[-1]['seconds']:.2f} s, "
                f"Chromium {runs[-1]['seconds']:.2f} s",
                flush=True,
            )
        memory = chromium_print(url, pdf_path, profile, keep, sample=True)
        while len(renders) < growth:
            renders.append(worker.ask("render"))
        print(f"  WeasyPrint renders {2 + timed}-{len(renders)} done", flush=True)
        after_gc = worker.ask("gc")
        trace = worker.ask("trace")
        end = worker.finish()
    finally:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait()
        server.shutdown()
        server.server_close()
        shutil.rmtree(profile, ignore_errors=True)
    weasyprint = {"start": worker.start, "renders": renders, **after_gc, **trace, "end": end}
    chromium = {
        "version": chromium_version(),
        "warmup": runs[0],
        "runs": runs[1:],
        "memory": memory,
        "pages": pdfinfo_pages(pdf_path),
        "pdf_bytes": pdf_path.stat().st_size,
        "fonts": pdf_fonts(pdf_path),
        "requested": sorted(set(QuietHandler.requested)),
    }
    return weasyprint, chromium


# -- data and HTML -------------------------------------------------------------------


# -- the demo meeting: cold and after one changed answer (bench/pack_rerender.py) ----


def demo_meeting_figures(timed: int) -> dict:
    from django.utils import timezone

    from meetings.models import Meeting
    from packs.pipeline import make_pack

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")
    demo = Meeting.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    html = make_pack(demo, pdf=False).html
    print(f"Demo meeting {demo}: cold / Chromium / re-render, 1 warm-up + {timed} timed")
    load_before = os.getloadavg()
    result = compare_demo(demo, html, timed, WORK, keep=set())
    result["load"] = [load_before, os.getloadavg()]
    print(table(demo_report(result)))
    print(f"  1-min load {load_before[0]:.2f} → {result['load'][1][0]:.2f}")
    (WORK / "demo_results.json").write_text(json.dumps(result, indent=2))
    return result


# -- report ---------------------------------------------------------------------------


def table(rows: list[tuple[str, str]]) -> str:
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"  {label.ljust(width)}  {value}" for label, value in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timed", type=int, default=5)
    parser.add_argument("--growth", type=int, default=20)
    parser.add_argument("--target-pages", type=int, default=40)
    parser.add_argument(
        "--demo-only", action="store_true", help="only the demo meeting: cold and re-render"
    )
    parser.add_argument("--weasyprint-worker", metavar="MEETING_ID", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.weasyprint_worker:
        weasyprint_worker(int(args.weasyprint_worker))
        return

    started = time.perf_counter()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    setup_django()

    print(f"Scratch database {DB_PATH}: migrate + load_demo ...", flush=True)
    scratch_database()
    demo_meeting_figures(args.timed)
    if args.demo_only:
        return
    meeting, projects, set_items = make_meeting()
    print(f"Calibrating to ~{args.target_pages} pages ({len(projects)} demo projects) ...")
    agenda, calibrated_pages, tried = calibrate(meeting, projects, set_items, args.target_pages)
    items = len(agenda)
    html, content_seconds, template_seconds = build_html(meeting)
    print(f"Meeting pack: {items} agenda items, {calibrated_pages} pages (WeasyPrint)", flush=True)

    # The same HTML for both: Chromium gets it from a local http.server that
    # also serves the repo's static/ folder, so /static/pack/pack.css and
    # /static/fonts/... resolve to the very same files (same origin, so the
    # fonts load; no <base> needed, and the TOC's #anchors stay internal).
    site = WORK / "site"
    site.mkdir()
    (site / "pack.html").write_text(html, encoding="utf-8")
    (site / "static").symlink_to(REPO / "static", target_is_directory=True)

    print(
        f"Alternating: WeasyPrint render (warm worker) / Chromium run, 1 warm-up + "
        f"{args.timed} timed; then 1 Chromium memory run; WeasyPrint up to "
        f"{args.growth} renders",
        flush=True,
    )
    load_before = os.getloadavg()
    wp, ch = compare(site, meeting.pk, args.timed, args.growth)
    load_after = os.getloadavg()

    renders = wp["renders"]
    timed = renders[1 : 1 + args.timed]
    wp_seconds = statistics.mean(r["seconds"] for r in timed)
    wp_cpu = statistics.mean(r["cpu_seconds"] for r in timed)
    wp_pages = renders[0]["pages"]
    ch_runs = ch["runs"]
    ch_seconds = statistics.mean(r["seconds"] for r in ch_runs)
    ch_cpu = statistics.mean(r["cpu_seconds"] for r in ch_runs)
    ch_pages = ch["pages"]
    wp_per_page = wp_seconds / wp_pages
    ch_per_page = ch_seconds / ch_pages
    growth_at = [n for n in (1, 5, 10, 20) if n <= len(renders)]
    rss = {n: renders[n - 1]["rss_mb"] for n in growth_at}
    last = growth_at[-1]
    memory = ch["memory"]

    def spread(values: list[float]) -> str:
        return (
            f"{statistics.mean(values):.2f} s (median {statistics.median(values):.2f}, "
            f"min {min(values):.2f}, max {max(values):.2f})"
        )

    rows = [
        ("machine", f"{os.cpu_count()} CPUs, {_mem_total_gb():.1f} GB RAM"),
        ("python / weasyprint", f"{sys.version.split()[0]} / {wp['start']['weasyprint_version']}"),
        ("chromium", ch["version"]),
        ("load average before / after", f"{load_before[0]:.2f} / {load_after[0]:.2f} (1 min)"),
        (
            "agenda items",
            f"{items}, {len({p.pk for p in agenda})} distinct of {len(projects)} demo projects",
        ),
        ("HTML size", f"{len(html.encode()) / 1024:.0f} KiB"),
        ("content build / template", f"{content_seconds:.2f} s / {template_seconds:.2f} s"),
        ("-- make_pack in a warm worker (in-process)", ""),
        ("pages (make_pack / pdfinfo)", f"{wp_pages} / {pdfinfo_pages(WORK / 'weasyprint.pdf')}"),
        ("PDF size", f"{renders[0]['pdf_bytes'] / 1024:.0f} KiB"),
        ("render 1 (first in process)", f"{renders[0]['seconds']:.2f} s"),
        (f"s/render (PDF step), {len(timed)} timed", spread([r["seconds"] for r in timed])),
        (
            "s/pack, whole pipeline",
            spread([r["pipeline_seconds"] for r in timed]),
        ),
        (
            "of which content / HTML (mean)",
            f"{statistics.mean(r['steps']['content'] for r in timed):.2f} s / "
            f"{statistics.mean(r['steps']['html'] for r in timed):.2f} s",
        ),
        ("runs (s)", " ".join(f"{r['seconds']:.2f}" for r in timed)),
        ("s/page", f"{wp_per_page:.3f} s"),
        ("CPU s/pack, whole pipeline", f"{wp_cpu:.2f} s"),
        (
            "peak RSS (VmHWM) before / after timed",
            f"{wp['start']['peak_rss_mb']:.0f} MB / {timed[-1]['peak_rss_mb']:.0f} MB "
            f"(+{timed[-1]['peak_rss_mb'] - wp['start']['peak_rss_mb']:.0f} MB)",
        ),
        (
            "ru_maxrss before / after timed",
            f"{wp['start']['maxrss_mb']:.0f} MB / {timed[-1]['maxrss_mb']:.0f} MB "
            "(inherits parent's mark, see maxrss_kb)",
        ),
        ("tracemalloc peak, 1 render", f"{wp['tracemalloc_peak_mb']:.0f} MB"),
        ("-- Chromium (new process per run)", ""),
        ("pages (pdfinfo)", str(ch_pages)),
        ("PDF size", f"{ch['pdf_bytes'] / 1024:.0f} KiB"),
        ("run 1 (warm-up)", f"{ch['warmup']['seconds']:.2f} s"),
        (f"s/run incl. start, {len(ch_runs)} timed", spread([r["seconds"] for r in ch_runs])),
        ("runs (s)", " ".join(f"{r['seconds']:.2f}" for r in ch_runs)),
        ("s/page", f"{ch_per_page:.3f} s"),
        ("CPU s/run (whole process tree)", f"{ch_cpu:.2f} s"),
        (
            "memory run: CPU rusage / /proc",
            f"{memory['cpu_seconds']:.2f} s / {memory['sampled_cpu_seconds']:.2f} s",
        ),
        (
            "peak tree RSS / PSS (sampled)",
            f"{memory['peak_tree_rss_mb']:.0f} MB / {memory['peak_tree_pss_mb']:.0f} MB"
            f" ({memory['processes']} processes)",
        ),
        ("fonts in PDF", ", ".join(ch["fonts"]) or "none"),
        ("-- ratios WeasyPrint / Chromium", ""),
        ("wall time per render (mean)", f"{wp_seconds / ch_seconds:.2f}x"),
        ("wall time per page (mean)", f"{wp_per_page / ch_per_page:.2f}x"),
        (
            "wall time, median / fastest",
            f"{statistics.median(r['seconds'] for r in timed) / statistics.median(r['seconds'] for r in ch_runs):.2f}x"
            f" / {min(r['seconds'] for r in timed) / min(r['seconds'] for r in ch_runs):.2f}x",
        ),
        ("CPU time (whole pipeline / run)", f"{wp_cpu / ch_cpu:.2f}x"),
        (f"-- WeasyPrint memory over {len(renders)} renders", ""),
        ("RSS before render 1", f"{wp['start']['rss_mb']:.0f} MB"),
        *[(f"RSS after render {n}", f"{rss[n]:.0f} MB") for n in growth_at],
        (f"growth render 1 -> {last}", f"{rss[last] - rss[1]:+.1f} MB"),
        (f"RSS after {last} + gc.collect()", f"{wp['rss_after_gc_mb']:.0f} MB"),
        (
            f"s/render, renders 2-{len(renders)}",
            spread([r["seconds"] for r in renders[1:]]),
        ),
    ]
    report = {
        "agenda": [p.title for p in agenda],
        "load_average_before_after": [load_before, load_after],
        "calibration": tried,
        "html_bytes": len(html.encode()),
        "content_seconds": content_seconds,
        "template_seconds": template_seconds,
        "weasyprint": wp,
        "chromium": ch,
    }
    (WORK / "results.json").write_text(json.dumps(report, indent=2))
    print()
    print(table(rows))
    print(f"\nRaw figures: {WORK / 'results.json'}; PDFs: {WORK}/weasyprint.pdf, chromium.pdf")
    print(f"Benchmark took {time.perf_counter() - started:.0f} s.")
    print(
        "Reproduce: DEBUG=1 .venv/bin/python bench/pack_benchmark.py "
        f"--timed {args.timed} --growth {args.growth} --target-pages {args.target_pages}"
    )


def _mem_total_gb() -> float:
    found = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    return int(found.group(1)) / 1024 / 1024


if __name__ == "__main__":
    main()
