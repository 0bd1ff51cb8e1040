from django.urls import path

from . import views

urlpatterns = [
    path("projekt/<int:project_id>/", views.attach_to_project, name="attach_to_project"),
    path("punkt/<int:item_id>/", views.attach_to_item, name="attach_to_item"),
    path("<int:pk>/", views.download, name="attachment_download"),
]
