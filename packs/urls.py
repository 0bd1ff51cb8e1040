from django.urls import path

from . import views

urlpatterns = [
    path("moede/<int:meeting_id>/lav/", views.pack_request, name="pack_request"),
    path("moede/<int:meeting_id>/vis/", views.pack_preview, name="pack_preview"),
    path("moede/<int:meeting_id>/alle/", views.pack_list, name="pack_list"),
    path("<int:pk>/status/", views.pack_state, name="pack_state"),
    path("<int:pk>/igen/", views.pack_retry, name="pack_retry"),
    path("<int:pk>/pdf/", views.pack_download, name="pack_download"),
    path("<int:pk>/word/", views.pack_download_docx, name="pack_download_docx"),
]
