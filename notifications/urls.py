from django.urls import path

from . import views

urlpatterns = [
    path("", views.notification_settings, name="notification_settings"),
]
