from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="admin_overview"),
    path("udvalg/nyt/", views.committee_create, name="admin_committee_create"),
    path("udvalg/<int:pk>/", views.committee_detail, name="admin_committee"),
    path("udvalg/<int:pk>/gem/", views.committee_edit, name="admin_committee_edit"),
    path("udvalg/<int:pk>/pladser/", views.seat_add, name="admin_seat_add"),
    path("pladser/<int:seat_id>/afslut/", views.seat_end, name="admin_seat_end"),
    path("brugere/", views.user_list, name="admin_users"),
    path("brugere/inviter/", views.user_invite, name="admin_user_invite"),
    path("brugere/<int:user_id>/", views.user_detail, name="admin_user"),
    path("brugere/<int:user_id>/oplysninger/", views.user_profile, name="admin_user_profile"),
    path("brugere/<int:user_id>/roller/", views.user_roles, name="admin_user_roles"),
    path("brugere/<int:user_id>/deaktiver/", views.user_deactivate, name="admin_user_deactivate"),
    path("brugere/<int:user_id>/genaktiver/", views.user_reactivate, name="admin_user_reactivate"),
    path("brugere/<int:user_id>/inviter-igen/", views.user_reinvite, name="admin_user_reinvite"),
    path("brugere/<int:user_id>/anonymiser/", views.user_anonymise, name="admin_user_anonymise"),
    path("aendringer/", views.change_log, name="admin_change_log"),
]
