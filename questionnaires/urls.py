from django.urls import path

from . import views

urlpatterns = [
    path("", views.template_list, name="template_list"),
    path("importer/", views.template_import, name="template_import"),
    path("versioner/<int:pk>/", views.version_detail, name="template_version"),
    path("versioner/<int:pk>/forhaandsvisning/", views.version_preview, name="template_preview"),
    path("versioner/<int:pk>/sammenlign/", views.version_compare, name="template_compare"),
    path("versioner/<int:pk>/eksport/", views.version_export, name="template_export"),
    path("versioner/<int:pk>/afled/", views.template_derive, name="template_derive"),
    path("versioner/<int:pk>/ny-kladde/", views.version_new_draft, name="template_new_draft"),
    path("versioner/<int:pk>/udgiv/", views.version_publish, name="template_publish"),
    path("versioner/<int:pk>/udgaa/", views.version_retire, name="template_retire"),
    path("versioner/<int:pk>/afsnit/", views.section_save, name="section_add"),
    path("versioner/<int:pk>/afsnit/<int:section_id>/", views.section_save, name="section_edit"),
    path(
        "versioner/<int:pk>/afsnit/<int:section_id>/flyt/", views.section_move, name="section_move"
    ),
    path(
        "versioner/<int:pk>/afsnit/<int:section_id>/fjern/",
        views.section_delete,
        name="section_delete",
    ),
    path(
        "versioner/<int:pk>/afsnit/<int:section_id>/spoergsmaal/",
        views.question_add,
        name="question_add",
    ),
    path(
        "versioner/<int:pk>/spoergsmaal/<int:question_id>/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "versioner/<int:pk>/spoergsmaal/<int:question_id>/flyt/",
        views.question_move,
        name="question_move",
    ),
    path(
        "versioner/<int:pk>/spoergsmaal/<int:question_id>/fjern/",
        views.question_delete,
        name="question_delete",
    ),
]
