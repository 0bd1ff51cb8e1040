"""Municipalities, their MED committees, and the people in them.

A user belongs to exactly one municipality; everything a user may see is
scoped through `user.municipality` (see each app's `access.py`).
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from method.vocabulary import Side

from .tenancy import MunicipalityQuerySet


class Municipality(models.Model):
    name = models.CharField(_("navn"), max_length=100, unique=True)
    code = models.CharField(_("kommunekode"), max_length=3, unique=True)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserQuerySet(MunicipalityQuerySet):
    municipality_path = "municipality"


class MunicipalUserManager(UserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_queryset(self):
        # With the municipality: every page names it in its header, and the
        # login backends load the request's user through this manager (one
        # query fewer on every page).
        return super().get_queryset().select_related("municipality")


class User(AbstractUser):
    """A person in one municipality. Roles are flags; committee membership
    (and with it the side of the table) lives in `Membership`."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text=_("Brugere uden kommune kan kun bruge Django admin."),
    )
    is_project_lead = models.BooleanField(_("projektleder"), default=False)
    is_template_admin = models.BooleanField(_("skabelonadministrator (HR)"), default=False)
    is_municipal_admin = models.BooleanField(
        _("kommuneadministrator"),
        default=False,
        help_text=_("Sætter kommunens udvalg, pladser, brugere og roller op."),
    )

    # "issuer subject" of the user's single sign-on identity, once they
    # have logged in through it (organisations/oidc.py).
    oidc_subject = models.CharField(
        _("single sign-on-identitet"), max_length=400, unique=True, null=True, blank=True
    )

    # When the person was anonymised (organisations/personal_data.py).
    anonymised_at = models.DateTimeField(_("anonymiseret"), null=True, blank=True, editable=False)

    objects = MunicipalUserManager()

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")

    def __str__(self) -> str:
        if self.anonymised_at:
            return gettext("Tidligere medlem (anonymiseret)")
        return self.get_full_name() or self.username


class CommitteeQuerySet(MunicipalityQuerySet):
    municipality_path = "municipality"


class MembershipQuerySet(MunicipalityQuerySet):
    municipality_path = "committee__municipality"

    def current(self, on=None):
        """The seats held on the day `on` (today): begun, and not yet ended.
        Every rule that reads seats (access to named answers, closed items,
        running meetings, signing the minutes) asks this, so an ended seat
        is history and gives nothing."""
        day = on or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )


class Committee(models.Model):
    class Level(models.TextChoices):
        MAIN = "hovedudvalg", _("Hovedudvalg")
        AREA = "omraade", _("Område-MED")
        LOCAL = "lokalt", _("Lokalt MED-udvalg")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="committees", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=200)
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("overordnet udvalg"),
    )
    material_days = models.PositiveSmallIntegerField(
        _("materiale sendes ud (arbejdsdage før mødet)"),
        default=5,
        validators=[MaxValueValidator(30)],
        help_text=_("Så mange arbejdsdage før mødet skal dagsorden og materiale være sendt ud."),
    )

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("MED-udvalg")
        verbose_name_plural = _("MED-udvalg")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="committee_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def level_handles(self) -> str:
        """What a committee of this level typically handles (seed 2056–2062)."""
        return str(LEVEL_HANDLES.get(self.level, ""))

    # A Hovedudvalg stands alone at the top; an område-MED sits under a
    # Hovedudvalg; a lokalt MED-udvalg under an område-MED or a Hovedudvalg.
    ALLOWED_PARENTS = {
        Level.MAIN: (),
        Level.AREA: (Level.MAIN,),
        Level.LOCAL: (Level.AREA, Level.MAIN),
    }

    def clean(self):
        allowed = self.ALLOWED_PARENTS.get(self.level, ())
        if self.parent is None:
            if self.level != self.Level.MAIN:
                raise ValidationError({"parent": _("Vælg det udvalg, dette udvalg hører under.")})
            return
        if self.parent.municipality_id != self.municipality_id:
            raise ValidationError({"parent": _("Det overordnede udvalg skal være kommunens eget.")})
        if self.parent.level not in allowed:
            raise ValidationError(
                {
                    "parent": _("Et %(level)s kan ikke høre under et %(parent)s.")
                    % {"level": self.get_level_display(), "parent": self.parent.get_level_display()}
                }
            )
        if self.pk is not None and self.pk in self.parent.ancestor_ids(include_self=True):
            raise ValidationError({"parent": _("Et udvalg kan ikke høre under sig selv.")})

    def ancestor_ids(self, *, include_self=False) -> list[int]:
        ids, node = [], self if include_self else self.parent
        while node is not None and node.pk not in ids:
            ids.append(node.pk)
            node = node.parent
        return ids


LEVEL_HANDLES = {
    Committee.Level.MAIN: _("de overordnede og principielle spørgsmål"),
    Committee.Level.AREA: _("spørgsmål, der går på tværs af områdets arbejdspladser"),
    Committee.Level.LOCAL: _("spørgsmål tæt på hverdagen og den konkrete implementering"),
}


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "formand", _("Formand")
        VICE_CHAIR = "naestformand", _("Næstformand")
        MEMBER = "medlem", _("Medlem")
        SECRETARY = "sekretaer", _("Sekretær")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    # A seat is held from `valid_from` up to, not including, `valid_to`; an
    # ended seat is kept, so the committee's history shows who sat when.
    valid_from = models.DateField(_("fra"), default=timezone.localdate)
    valid_to = models.DateField(
        _("ophører"),
        null=True,
        blank=True,
        help_text=_("Den dag pladsen ophører. Tom, så længe pladsen gælder."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        ordering = ["committee", "side", "role", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "committee"],
                condition=Q(valid_to__isnull=True),
                name="one_open_seat_per_committee",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="seat_ends_after_it_begins",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.committee} ({self.get_side_display()})"

    def clean(self):
        if self.user_id is None or self.committee_id is None:
            return
        if self.user.municipality_id != self.committee.municipality_id:
            raise ValidationError({"user": _("Personen hører ikke til udvalgets kommune.")})
        if self.valid_to is not None and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_to": _("En plads ophører efter den dag, den begynder.")})
        overlapping = Membership.objects.filter(user=self.user_id, committee=self.committee_id)
        overlapping = overlapping.exclude(pk=self.pk).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=self.valid_from)
        )
        if self.valid_to is not None:
            overlapping = overlapping.filter(valid_from__lt=self.valid_to)
        if overlapping.exists():
            raise ValidationError(
                _("%(user)s har allerede en plads i udvalget i den periode.") % {"user": self.user}
            )

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.valid_from <= today and (self.valid_to is None or self.valid_to > today)
