"""The product's URLs and the page benchmark's minimal view: what every page
pays at least (the middleware, the session and the user), answering "ok"."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def minimal(request):
    return HttpResponse(f"ok {request.user.pk}")


urlpatterns = [path("minimal/", minimal), path("", include("workbench.urls"))]
