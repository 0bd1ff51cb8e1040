"""How long checking an uploaded template takes: the JSON Schema (jsonschema)
plus the rules beyond it, for the shipped standard template, the largest
document the format accepts (2,000 questions) and the same document with an
error in every question. No database needed.

    DEBUG=1 .venv/bin/python bench/template_validation_benchmark.py [--runs 5]

Prints the median milliseconds of `validate_document` per document.
"""

import argparse
import copy
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

import django  # noqa: E402

django.setup()

from questionnaires.template_format import (  # noqa: E402
    FORMAT,
    MAX_QUESTIONS,
    read_standard_template,
    validate_document,
)


def largest_document() -> dict:
    questions_per_section = 10
    return {
        "format": FORMAT,
        "key": "stor",
        "name": "Den største skabelon",
        "sections": [
            {
                "key": f"afsnit-{s}",
                "core_question": "inddragelse",
                "title": f"Afsnit {s}",
                "questions": [
                    {
                        "key": f"afsnit.{s}.{q}",
                        "text": "Hvordan påvirker teknologien arbejdsmiljøet i hverdagen? " * 3,
                        "kind": "single_choice",
                        "choices": [{"key": "ja", "label": "Ja"}, {"key": "nej", "label": "Nej"}],
                        "phases": ["ideudvikling", "drift"],
                    }
                    for q in range(questions_per_section)
                ],
            }
            for s in range(MAX_QUESTIONS // questions_per_section)
        ],
    }


def with_an_error_in_every_question(document: dict) -> dict:
    broken = copy.deepcopy(document)
    for section in broken["sections"]:
        for question in section["questions"]:
            question["kind"] = "fritekst"
    return broken


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    largest = largest_document()
    documents = {
        "standard template": read_standard_template(),
        "2,000 questions": largest,
        "2,000 questions, each with an error": with_an_error_in_every_question(largest),
    }
    for name, document in documents.items():
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            errors = validate_document(document)
            timings.append(time.perf_counter() - start)
        size_kb = len(json.dumps(document, ensure_ascii=False).encode()) / 1000
        print(
            f"{name:40} {size_kb:7.0f} kB  {len(errors):5} errors  "
            f"{statistics.median(timings) * 1000:7.0f} ms (median of {runs})"
        )


if __name__ == "__main__":
    main()
