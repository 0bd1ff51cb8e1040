"""What a dialogue pack (mødemateriale) shows, gathered into one plain dict.

`build_pack_content(meeting, item=None)` reads the database in a fixed
number of queries plus a few per project on the agenda (the side-by-side
comparison of its answers, and what changed since the committee's previous
meeting on it), and returns only str/int/float/bool/None, lists and dicts.
The dict is stored as the pack's source (and checksummed) and is the only
thing the templates (`templates/packs/`) see: they never touch the ORM, and
they word and format everything (sentences, numbers, dates, the charts).

The pack is a basis for the committee's dialogue, not a checklist: besides
the committee's joint answers it brings forward where the two sides see the
project differently, what changed since the committee last had the project
on its agenda, what is still open, and what was decided before.

- `meeting.py`: the meeting, its agenda and per item the project, its
  history and what changed;
- `answers.py`: the project's answers (the dialogue, the core questions and
  the supplements);
- `followup.py`: the method over time (business case and benefits,
  predicted vs experienced, competence gaps, open follow-ups) and the
  medarbejderpuls, from the apps' pack-ready summaries;
- `values.py`: moments and names.
"""

from .meeting import FORMAT, build_pack_content

__all__ = ["FORMAT", "build_pack_content"]
