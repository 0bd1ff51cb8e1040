"""The demo as data: finds the fixture files and plays them in order, the
cast first, then the projects (registered all at once) and each one's
story, with the committees' meetings each when the stories reach its time,
then the projects' business cases, competence plans and follow-up."""

from pathlib import Path

from django.conf import settings

from .fixture_files import FixtureError, FixtureFile
from .followup import play_followup
from .meetings import MeetingSchedule
from .organisation import Cast
from .pulses import play_pulses
from .stories import register_story

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
        # Every project first, so a meeting played during a story can name them all.
        stories = [register_story(story, self.cast) for story in self.stories]
        schedule = MeetingSchedule(self.meetings, self.cast)
        for story in stories:
            story.play(schedule)
        schedule.play_rest()
        play_pulses(self.pulses, self.cast)
        for followup in self.followups:
            play_followup(followup, self.cast)
