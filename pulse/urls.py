from django.urls import path

from . import views

urlpatterns = [
    path("projekt/<int:project_id>/", views.pulse_list, name="pulse_list"),
    path("projekt/<int:project_id>/ny/", views.pulse_open, name="pulse_open"),
    path("<int:pk>/", views.pulse_detail, name="pulse_detail"),
    path("<int:pk>/luk/", views.pulse_close, name="pulse_close"),
    # The public link: no account, no session (see views.survey).
    path("svar/<str:token>/", views.survey, name="survey"),
]
