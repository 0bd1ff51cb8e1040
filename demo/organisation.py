"""The demo's cast, from fixtures/organisations.toml: the municipalities,
their people, and their MED committees (a tree) with each person's seat."""

from django.db.models import Q

from method.vocabulary import Side
from organisations.models import Committee, Membership, Municipality, User

from .fixture_files import Entry, FixtureFile


class Cast:
    def __init__(self, file: FixtureFile):
        self.file = file
        root = file.root(required=("password", "municipality", "user", "committee"))
        self.password = root.text("password")
        self.municipality_entries = root.tables("municipality")
        self.user_entries = root.tables("user")
        self.committee_entries = root.tables("committee")
        for entry in self.municipality_entries:
            entry.expect(required=("code", "name", "email_domain"))
        for entry in self.user_entries:
            entry.expect(
                required=("username", "first_name", "last_name", "municipality", "about"),
                optional=("project_lead", "template_admin", "municipal_admin"),
            )
        for entry in self.committee_entries:
            entry.expect(required=("municipality", "name", "level"), optional=("parent", "seats"))
        self.municipalities: dict[str, Municipality] = {}
        self.users: dict[str, User] = {}
        self.committees: dict[tuple[int, str], Committee] = {}

    # -- what the demo is made of ---------------------------------------------

    @property
    def usernames(self) -> list[str]:
        return [entry.text("username") for entry in self.user_entries]

    def logins(self) -> list[tuple[str, str, str, str]]:
        """(username, full name, municipality, about) for the summary."""
        return [
            (
                entry.text("username"),
                f"{entry.text('first_name')} {entry.text('last_name')}",
                entry.text("municipality"),
                entry.text("about"),
            )
            for entry in self.user_entries
        ]

    def existing_municipalities(self):
        codes = [entry.text("code") for entry in self.municipality_entries]
        names = [entry.text("name") for entry in self.municipality_entries]
        return Municipality.objects.filter(Q(code__in=codes) | Q(name__in=names))

    # -- creating it ----------------------------------------------------------

    def create(self) -> None:
        domains = {}
        for entry in self.municipality_entries:
            municipality = Municipality(code=entry.text("code"), name=entry.text("name"))
            _save(entry, municipality)
            self.municipalities[municipality.name] = municipality
            domains[municipality.pk] = entry.text("email_domain")
        for entry in self.user_entries:
            municipality = self.municipality(entry, "municipality")
            user = User(
                username=entry.text("username"),
                first_name=entry.text("first_name"),
                last_name=entry.text("last_name"),
                email=f"{entry.text('username')}@{domains[municipality.pk]}",
                municipality=municipality,
                is_project_lead=entry.flag("project_lead"),
                is_template_admin=entry.flag("template_admin"),
                is_municipal_admin=entry.flag("municipal_admin"),
            )
            user.set_password(self.password)
            _save(entry, user)
            self.users[user.username] = user
        for entry in self.committee_entries:
            self._create_committee(entry)

    def _create_committee(self, entry: Entry) -> None:
        municipality = self.municipality(entry, "municipality")
        parent = None
        if entry.has("parent"):
            parent = self.committees.get((municipality.pk, entry.text("parent")))
            if parent is None:
                raise entry.error(
                    f"det overordnede udvalg {entry.text('parent')!r} står ikke før dette "
                    f"udvalg i {municipality}."
                )
        committee = Committee(
            municipality=municipality,
            name=entry.text("name"),
            level=entry.choice("level", Committee.Level),
            parent=parent,
        )
        _save(entry, committee)
        self.committees[(municipality.pk, committee.name)] = committee
        for seat in entry.inline_tables("seats"):
            seat.expect(required=("user", "side", "role"))
            membership = Membership(
                user=self.user(seat, "user", municipality),
                committee=committee,
                side=seat.choice("side", Side),
                role=seat.choice("role", Membership.Role),
            )
            _save(seat, membership)

    # -- looking things up by the names the files use ---------------------------

    def municipality(self, entry: Entry, key: str) -> Municipality:
        name = entry.text(key)
        if name not in self.municipalities:
            raise entry.error(
                f"{key} = {name!r}: ukendt kommune (kommunerne står i {self.file.name})."
            )
        return self.municipalities[name]

    def user(self, entry: Entry, key: str, municipality: Municipality | None = None) -> User:
        """The user named by `key`; with `municipality`, one of its people."""
        return self.user_named(entry, key, entry.text(key), municipality)

    def user_named(
        self, entry: Entry, key: str, username: str, municipality: Municipality | None = None
    ) -> User:
        """The user `username`, written at `key` (one name of a list there)."""
        if username not in self.users:
            raise entry.error(
                f"{key} = {username!r}: ukendt brugernavn (brugerne står i {self.file.name})."
            )
        user = self.users[username]
        if municipality is not None and user.municipality_id != municipality.pk:
            raise entry.error(
                f"{key} = {username!r} hører til {user.municipality}, ikke {municipality}."
            )
        return user

    def committee(self, entry: Entry, municipality: Municipality, name: str) -> Committee:
        committee = self.committees.get((municipality.pk, name))
        if committee is None:
            raise entry.error(
                f"{name!r}: ukendt MED-udvalg i {municipality} (udvalgene står i {self.file.name})."
            )
        return committee


def _save(entry: Entry, instance) -> None:
    """Save after the model's own checks (lengths, uniqueness, choices)."""
    with entry.reporting():
        instance.full_clean()
    instance.save()
