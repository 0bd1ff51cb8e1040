from django.urls import path

from . import views

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("nyt/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/punkter/", views.item_add, name="item_add"),
    path("<int:pk>/punkter/ny/formular/", views.item_add_form, name="item_add_form"),
    path("<int:pk>/punkter/<int:item_id>/ret/", views.item_edit, name="item_edit"),
    path(
        "<int:pk>/punkter/<int:item_id>/ret/formular/",
        views.item_forms,
        {"part": "edit"},
        name="item_edit_form",
    ),
    path(
        "<int:pk>/punkter/<int:item_id>/referat/formular/",
        views.item_forms,
        {"part": "minutes"},
        name="item_minutes_form",
    ),
    path("<int:pk>/punkter/<int:item_id>/fjern/", views.item_remove, name="item_remove"),
    path("<int:pk>/punkter/<int:item_id>/flyt/", views.item_move, name="item_move"),
    path("<int:pk>/punkter/<int:item_id>/referat/", views.item_outcome, name="item_outcome"),
    path("<int:pk>/punkter/<int:item_id>/opfoelgning/", views.action_add, name="action_add"),
    path("<int:pk>/materiale-sendt/", views.material_sent, name="material_sent"),
    path("<int:pk>/afholdt/", views.meeting_held, name="meeting_held"),
    path("<int:pk>/godkend-referat/", views.meeting_approve, name="meeting_approve"),
    path("<int:pk>/tilstede/", views.meeting_attendance, name="meeting_attendance"),
    path("<int:pk>/referat.pdf", views.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("<int:pk>/referat.docx", views.meeting_minutes_docx, name="meeting_minutes_docx"),
    path("opfoelgning/<int:action_id>/status/", views.action_status, name="action_status"),
]
