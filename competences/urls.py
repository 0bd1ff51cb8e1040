from django.urls import path

from . import views

urlpatterns = [
    path("projekt/<int:pk>/", views.competence_plans, name="competence_plans"),
    path("plan/<int:plan_id>/", views.competence_plan, name="competence_plan"),
    path("plan/<int:plan_id>/ret/", views.competence_plan_edit, name="competence_plan_edit"),
    path("plan/<int:plan_id>/aktiviteter/", views.activity_add, name="activity_add"),
    path(
        "plan/<int:plan_id>/aktiviteter/<int:activity_id>/fjern/",
        views.activity_remove,
        name="activity_remove",
    ),
]
