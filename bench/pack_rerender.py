"""The demo meeting's pack, cold and after one changed answer, against
headless Chromium printing the same HTML (part of `bench/pack_benchmark.py`).

* WeasyPrint runs as the worker does: a child process that has set up
  Django makes the pack with `packs.pipeline.make_pack(meeting, share=...,
  word=True)`. The times compared with Chromium are those until the PDF is
  made; the Word file, made after it, is timed apart.
  The parts it lacks are shared with a second process, as a Celery group
  hands them to a second worker: that process runs `packs.parts.take_part`,
  the very function the part task runs. Claims go through a file-based
  cache both processes see (Redis in production). Two processes for the
  machine's two cores, as a worker with concurrency 2.
* Cold: the stored parts are deleted first, so every part is rendered.
* Re-render: one joint answer of one project gets a new text (through
  `assessments.services.save_answer`, as the page saves it), then the pack
  is made again: that item's short part and appendix are rendered, the
  rest comes from storage.
* Chromium prints the demo meeting's full HTML (the pack's open items, the
  same content) once per round, a new process each time.
Runs alternate: cold, Chromium, re-render, for every timed round.
"""

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from chromium_print import chromium_print, pdfinfo_pages, serve

REPO = Path(__file__).resolve().parent.parent


def child_setup(work: Path) -> None:
    """Django as a worker has it, with claims in a cache both processes share."""
    sys.path.insert(0, str(REPO))
    from pack_benchmark import setup_django

    setup_django()
    from django.conf import settings

    settings.MEDIA_ROOT = work / "media"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(work / "claims"),
        }
    }
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)


def _take_part(html: str) -> bool:
    from packs.parts import take_part

    return take_part(html)


def rerender_worker(meeting_id: int, work: Path) -> None:
    """The child: answers "cold" and "rerender" with one JSON line each."""
    from concurrent.futures import ProcessPoolExecutor

    child_setup(work)
    from assessments.services import Submission, save_answer
    from meetings.models import Meeting
    from packs.pipeline import make_pack

    meeting = Meeting.objects.get(pk=meeting_id)
    item = meeting.items.filter(is_closed=False, project__isnull=False).order_by("order").first()
    assessment = item.project.assessment
    joint = assessment.answers.filter(respondent__isnull=True, text__gt="").first()
    lead = item.project.lead
    out, sys.stdout = sys.stdout, sys.stderr
    pool = ProcessPoolExecutor(max_workers=1, initializer=child_setup, initargs=(work,))
    pool.submit(time.sleep, 0).result()  # the second process is up, as a worker would be

    def share(missing):
        for part in missing:
            pool.submit(_take_part, part.html)

    def make() -> dict:
        # As the worker makes it: the PDF, then the Word file. The PDF is
        # what Chromium makes too, so "seconds" is the time until the PDF
        # is made; the Word file's time is reported beside it.
        start, cpu = time.perf_counter(), time.process_time()
        pack = make_pack(meeting, share=share, word=True)
        whole = time.perf_counter() - start
        word = pack.seconds["html"] + pack.seconds["word"]
        return {
            "seconds": whole - word,
            "word_seconds": word,
            "cpu_seconds": time.process_time() - cpu,
            "pages": pack.pages,
            "rendered": pack.rendered,
            "steps": pack.seconds,
        }

    for number, line in enumerate(sys.stdin):
        if line.strip() == "cold":
            shutil.rmtree(work / "media" / "pack-parts", ignore_errors=True)
            shutil.rmtree(work / "claims", ignore_errors=True)
            result = make()
        elif line.strip() == "rerender":
            save_answer(
                assessment,
                joint.question,
                lead,
                Submission(text=f"Ny tekst {number}: {joint.text}", status=joint.status),
                joint=True,
            )
            result = make()
        else:
            break
        out.write(json.dumps(result) + "\n")
        out.flush()
    pool.shutdown()


def compare_demo(meeting, html: str, timed: int, work: Path, keep: set) -> dict:
    """Cold, Chromium and re-render, alternating; 1 warm-up round + `timed`."""
    site = work / "demo-site"
    site.mkdir()
    (site / "pack.html").write_text(html, encoding="utf-8")
    (site / "static").symlink_to(REPO / "static", target_is_directory=True)
    server, origin = serve(site)
    profile = Path(tempfile.mkdtemp(prefix="chromium-demo-", dir=work))
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), str(meeting.pk), str(work)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    keep.add(child.pid)

    def ask(command: str) -> dict:
        child.stdin.write(command + "\n")
        child.stdin.flush()
        line = child.stdout.readline()
        if not line:
            raise RuntimeError("The re-render worker died; see its output above.")
        return json.loads(line)

    cold, rerender, chromium = [], [], []
    try:
        for _ in range(1 + timed):
            cold.append(ask("cold"))
            chromium.append(
                chromium_print(f"{origin}/pack.html", work / "demo-chromium.pdf", profile, keep)
            )
            rerender.append(ask("rerender"))
            print(
                f"  cold {cold[-1]['seconds']:.2f} s, Chromium {chromium[-1]['seconds']:.2f} s, "
                f"re-render {rerender[-1]['seconds']:.2f} s ({', '.join(rerender[-1]['rendered'])})",
                flush=True,
            )
    finally:
        child.stdin.close()
        child.wait(timeout=60)
        server.shutdown()
        server.server_close()
        shutil.rmtree(profile, ignore_errors=True)
    return {
        "cold": cold[1:],
        "rerender": rerender[1:],
        "chromium": chromium[1:],
        "chromium_pages": pdfinfo_pages(work / "demo-chromium.pdf"),
    }


def report(result: dict) -> list[tuple[str, str]]:
    def mean(runs, key="seconds"):
        return statistics.mean(run[key] for run in runs)

    cold, rerender, chromium = (mean(result[k]) for k in ("cold", "rerender", "chromium"))
    return [
        ("pages (merged pack / Chromium)", f"{result['cold'][0]['pages']} / {result['chromium_pages']}"),
        ("cold render, mean", f"{cold:.2f} s ({mean(result['cold'], 'cpu_seconds'):.2f} s CPU in the worker, the Word file included)"),
        ("re-render after one answer, mean", f"{rerender:.2f} s, parts rendered: {', '.join(result['rerender'][0]['rendered'])}"),
        ("then the Word file, mean", f"{mean(result['rerender'], 'word_seconds'):.2f} s after a re-render, {mean(result['cold'], 'word_seconds'):.2f} s after a cold render"),
        ("Chromium full render, mean", f"{chromium:.2f} s ({mean(result['chromium'], 'cpu_seconds'):.2f} s CPU)"),
        ("cold ÷ Chromium (goal ≤ 1.5)", f"{cold / chromium:.2f}×"),
        ("re-render ÷ Chromium (goal ≤ 0.3)", f"{rerender / chromium:.2f}×"),
        ("cold steps (last run)", ", ".join(f"{k} {v:.2f} s" for k, v in result["cold"][-1]["steps"].items())),
        ("re-render steps (last run)", ", ".join(f"{k} {v:.2f} s" for k, v in result["rerender"][-1]["steps"].items())),
    ]  # fmt: skip


if __name__ == "__main__":
    rerender_worker(int(sys.argv[1]), Path(sys.argv[2]))
