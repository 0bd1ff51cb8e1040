from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("projekter/ny/", views.project_create, name="project_create"),
    path("projekter/uden-med/", views.without_med, name="projects_without_med"),
    path("projekter/<int:pk>/", views.project_detail, name="project_detail"),
    path("projekter/<int:pk>/rediger/", views.project_edit, name="project_edit"),
    path("projekter/<int:pk>/videre/", views.project_move_on, name="project_move_on"),
    path("projekter/<int:pk>/tilbage/", views.project_move_back, name="project_move_back"),
    path("projekter/<int:pk>/involvering/", views.project_involvement, name="project_involvement"),
]
