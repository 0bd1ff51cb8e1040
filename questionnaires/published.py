"""A published template version's questions, read once per process.

A version stops changing when it is published: its sections and questions
refuse every save and delete from then on (`Section.save`, `Question.save`),
and a retired version keeps them as they were. So the assessment pages,
the comparison and the autosave, which each need the version's questions
with their sections (95 rows, about a tenth of an assessment page's time at
national scale), take them from memory; a draft's are read every time.
The few most recent versions are kept (`KEPT_VERSIONS`), each as one tuple
of Question objects that callers share and do not change."""

from functools import lru_cache

from .models import Question, TemplateVersion, questions_of_version

# A version's questions take about 0.4 MB (95 questions, measured with
# tracemalloc), so at most some 14 MB a worker. Municipalities may keep
# versions of their own: the most recently asked stay, the rest are read
# again when asked.
KEPT_VERSIONS = 32


def version_questions(version: TemplateVersion) -> list[Question]:
    """The version's questions with their sections, in template order."""
    if version.is_editable:
        return list(questions_of_version(version.pk))
    return list(_frozen(version.pk))


@lru_cache(maxsize=KEPT_VERSIONS)
def _frozen(version_id: int) -> tuple[Question, ...]:
    return tuple(questions_of_version(version_id))


def forget() -> None:
    """Drop what is kept (tests, whose transactions roll back what they
    wrote, even into a published version by `QuerySet.update`)."""
    _frozen.cache_clear()
