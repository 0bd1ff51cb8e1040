"""Who may read and attach files. An attachment on a project is read by
whoever may see the project (everyone in its municipality); one on an
agenda item by whoever may see the item (`meetings.access.visible_items`:
a closed item's files only for those who see the closed item). Files are
attached to a project by those who may edit it, to an item by the
organisers of its meeting."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from meetings.access import get_meeting_for_user, visible_items
from organisations.tenancy import CHANGE
from projects.access import get_project_for_user

from .models import Attachment


def readable_attachments(user):
    return Attachment.objects.for_user(user).filter(
        Q(item__isnull=True) | Q(item__in=visible_items(user))
    )


def get_attachment_for_user(user, pk) -> Attachment:
    return get_object_or_404(readable_attachments(user), pk=pk)


def project_to_attach_to(user, project_id):
    return get_project_for_user(user, project_id, action=CHANGE)


def item_to_attach_to(user, item_id):
    """An item the user may see, of a meeting the user organises."""
    item = get_object_or_404(visible_items(user).select_related("meeting"), pk=item_id)
    get_meeting_for_user(user, item.meeting_id, action=CHANGE)
    return item
