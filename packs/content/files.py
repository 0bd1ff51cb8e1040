"""The files attached to a pack's items and to their projects
(`attachments`), as pack data: what each is, and whether its pages can be
appended behind the pack (a readable PDF)."""

from collections import defaultdict

from django.db.models import Q

from attachments.models import Attachment


def files_of(items, project_ids) -> dict:
    """{("item", id) or ("project", id): [file, ...]}, in upload order."""
    found = defaultdict(list)
    attached = Attachment.objects.filter(
        Q(item__in=[item.id for item in items]) | Q(project_id__in=project_ids)
    ).order_by("uploaded_at", "id")
    for attachment in attached:
        key = (
            ("item", attachment.item_id)
            if attachment.item_id
            else ("project", attachment.project_id)
        )
        found[key].append(
            {
                "id": attachment.id,
                "name": attachment.name,
                "kind_label": str(attachment.get_kind_display()),
                "size": attachment.size,
                "pages": attachment.pages,
                "appendable": attachment.can_be_appended,
                "on": key[0],
            }
        )
    return found


def appended(content: dict) -> list[dict]:
    """The files whose pages go behind the pack, in agenda order, each once."""
    if not content["with_attachments"]:
        return []
    seen, files = set(), []
    for item in content["items"]:
        for file in item["attachments"]:
            if file["appendable"] and file["id"] not in seen:
                seen.add(file["id"])
                files.append(file)
    return files
