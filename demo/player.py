"""The demo as data: finds the fixture files and plays them in order, the
cast first, then each project's story, then the committees' meetings,
then the projects' business cases, competence plans and follow-up."""

from pathlib import Path

from django.conf import settings

from .fixture_files import FixtureError, FixtureFile
from .followup import play_followup
from .meetings import play_meetings
from .organisation import Cast
from .pulses import play_pulses
from .stories import play_story

FIXTURES = settings.BASE_DIR / "fixtures"


class Demo:
    def __init__(self, folder: Path = FIXTURES):
        if not folder.is_dir():
            raise FixtureError(f"{folder}: mappen med demodata findes ikke.")
        self.cast = Cast(FixtureFile(folder / "organisations.toml"))
        # Played in file-name order, so the numbers in the names set it.
        self.stories = [FixtureFile(path) for path in sorted((folder / "projects").glob("*.toml"))]
        self.meetings = FixtureFile(folder / "meetings.toml")
        self.pulses = FixtureFile(folder / "pulses.toml")
        # Business cases, competence plans and follow-up: after the stories.
        self.followups = [FixtureFile(p) for p in sorted((folder / "followup").glob("*.toml"))]

    def play(self) -> None:
        self.cast.create()
        for story in self.stories:
            play_story(story, self.cast)
        play_meetings(self.meetings, self.cast)
        play_pulses(self.pulses, self.cast)
        for followup in self.followups:
            play_followup(followup, self.cast)
