"""Creating a project: the project and its assessment come into being together."""

from django.db import transaction

from assessments.services import start_assessment

from .models import Project


@transaction.atomic
def create_project(form, user) -> Project:
    project = form.save(commit=False)
    project.municipality_id = user.municipality_id
    project.save()
    form.save_m2m()
    start_assessment(project)
    return project
