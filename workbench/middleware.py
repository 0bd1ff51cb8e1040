from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Danish first: the UI is Danish unless the user picked another language
    with the language switch (stored in the language cookie). Unlike Django's
    LocaleMiddleware, the browser's Accept-Language is not consulted, so a
    Danish caseworker on an English-configured PC still gets Danish."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
