"""Questions as a committee member meets them: by core question, then
section, in template order."""

from collections import defaultdict

from method.vocabulary import CORE_QUESTION_HEADINGS, CoreQuestion


def group_by_core_question(questions, make_row=lambda q: {"question": q}) -> list[dict]:
    """[{"core", "heading", "sections": [{"section", "rows": [make_row(q), …]}]}]"""
    sections = defaultdict(list)
    for question in questions:
        sections[question.section].append(make_row(question))
    grouped = []
    for core in CoreQuestion:
        core_sections = [
            {"section": section, "rows": rows}
            for section, rows in sections.items()
            if section.core_question == core
        ]
        if core_sections:
            grouped.append(
                {"core": core, "heading": CORE_QUESTION_HEADINGS[core], "sections": core_sections}
            )
    return grouped
