from django.urls import path

from . import views

urlpatterns = [
    path("", views.action_list, name="action_list"),
    path("csv/", views.action_csv, name="action_csv"),
    path("projekt/<int:pk>/ny/", views.action_create, name="action_create"),
]
