from django.conf import settings


def limits(request):
    """Input limits for fields the templates write by hand (the autosaving
    answer forms, one per question): the same setting the forms and services
    enforce, so the browser's maxlength never disagrees with the server."""
    return {"text_max_length": settings.TEXT_MAX_LENGTH}
