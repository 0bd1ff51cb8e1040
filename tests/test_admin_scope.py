"""Django admin is for the installation's operators (superusers) only: a
staff user of one municipality, even with every model permission, reaches
no admin page and so neither lists nor opens another municipality's
committees, users or seats, nor changes the national standard template."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from method.vocabulary import Side
from organisations.models import Committee
from questionnaires.models import QuestionTemplate, TemplateVersion

from .factories import PASSWORD, make_user, seat


@pytest.fixture
def staff_of_other(other_municipality):
    """Staff in the second municipality, given every permission there is."""
    user = make_user("nabo-it", other_municipality, is_staff=True)
    user.user_permissions.set(Permission.objects.all())
    return user


@pytest.fixture
def superuser(db):
    return make_user("drift", None, is_staff=True, is_superuser=True)


@pytest.fixture
def first_municipality_admin_urls(committee, member):
    seat_of_member = member.memberships.get()
    standard = TemplateVersion.objects.filter(template__municipality=None).first()
    return [
        reverse("admin:index"),
        reverse("admin:organisations_committee_changelist"),
        reverse("admin:organisations_committee_change", args=[committee.pk]),
        reverse("admin:organisations_user_changelist"),
        reverse("admin:organisations_user_change", args=[member.pk]),
        reverse("admin:organisations_municipality_change", args=[committee.municipality_id]),
        reverse("admin:questionnaires_questiontemplate_change", args=[standard.template_id]),
        reverse("admin:questionnaires_templateversion_change", args=[standard.pk]),
        f"{reverse('admin:organisations_committee_change', args=[committee.pk])}#{seat_of_member.pk}",
    ]


def test_staff_of_another_municipality_reaches_no_admin_page(
    client, staff_of_other, first_municipality_admin_urls, committee, member
):
    client.force_login(staff_of_other)
    for url in first_municipality_admin_urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
        assert committee.name not in response.content.decode()
    # Nor can it change anything by posting.
    response = client.post(
        reverse("admin:organisations_committee_change", args=[committee.pk]),
        {"name": "Overtaget", "level": "lokalt", "municipality": committee.municipality_id},
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.name == "Lokal-MED Hjemmeplejen"


def test_staff_cannot_log_in_to_admin(client, staff_of_other):
    response = client.post(
        reverse("admin:login"), {"username": staff_of_other.username, "password": PASSWORD}
    )
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session


def test_staff_cannot_change_the_national_standard_template(client, staff_of_other, committee):
    standard = QuestionTemplate.objects.get(municipality=None)
    client.force_login(staff_of_other)
    response = client.post(
        reverse("admin:questionnaires_questiontemplate_change", args=[standard.pk]),
        {"key": standard.key, "name": "Overtaget standard"},
    )
    assert response.status_code == 302
    standard.refresh_from_db()
    assert standard.name != "Overtaget standard"
    # Nor in the product: a new draft of the standard is for superusers only.
    version = standard.versions.first()
    response = client.post(reverse("template_new_draft", args=[version.pk]))
    assert response.status_code == 403
    assert not standard.versions.filter(status=TemplateVersion.Status.DRAFT).exists()


def test_a_superuser_operates_the_admin(client, superuser, committee, member):
    seat(
        member,
        Committee.objects.create(
            municipality=committee.municipality, name="Hovedudvalget", level="hovedudvalg"
        ),
        Side.EMPLOYEES,
    )
    client.force_login(superuser)
    assert client.get(reverse("admin:index")).status_code == 200
    page = client.get(reverse("admin:organisations_committee_changelist")).content.decode()
    assert committee.name in page and "Hovedudvalget" in page
