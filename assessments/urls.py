from django.urls import path

from . import joint_views, reading_views, views

urlpatterns = [
    path("<int:pk>/", views.assessment_page, name="assessment"),
    path("<int:pk>/sammenligning/", reading_views.comparison, name="comparison"),
    path(
        "<int:pk>/forventet-og-oplevet/",
        reading_views.predicted_vs_experienced,
        name="predicted_vs_experienced",
    ),
    path("<int:pk>/ny-version/", views.assessment_move, name="assessment_move"),
    path("<int:pk>/svar/<int:question_id>/", views.answer_save, name="answer_save"),
    path(
        "<int:pk>/faelles-svar/<int:question_id>/",
        views.answer_save,
        {"joint": True},
        name="joint_answer_save",
    ),
    path(
        "<int:pk>/svar/<int:question_id>/samme-som-foer/",
        views.answer_repeat,
        name="answer_repeat",
    ),
    path(
        "<int:pk>/faelles-svar/<int:question_id>/samme-som-foer/",
        views.answer_repeat,
        {"joint": True},
        name="joint_answer_repeat",
    ),
    path(
        "<int:pk>/faelles-svar/<int:question_id>/bekraeft/",
        joint_views.joint_answer_confirm,
        name="joint_answer_confirm",
    ),
    path("udvalg/<int:committee_id>/bekraeftere/", joint_views.confirmers, name="confirmers"),
    path(
        "udvalg/<int:committee_id>/bekraeftere/fjern/",
        joint_views.confirmer_remove,
        name="confirmer_remove",
    ),
    path(
        "<int:pk>/spoergsmaal/<int:question_id>/historik/",
        reading_views.question_history,
        name="question_history",
    ),
    path("<int:pk>/spoergsmaal/<int:question_id>/kommentarer/", views.comments, name="comments"),
    path(
        "<int:pk>/kommentarer/<int:comment_id>/loes/",
        views.comment_resolve,
        name="comment_resolve",
    ),
]
