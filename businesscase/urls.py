from django.urls import path

from . import views

urlpatterns = [
    path("projekt/<int:pk>/", views.business_case, name="business_case"),
    path("projekt/<int:pk>/ret/", views.business_case_edit, name="business_case_edit"),
    path("projekt/<int:pk>/revisioner/", views.business_case_diff, name="business_case_diff"),
    path("gevinst/<int:benefit_id>/", views.benefit_detail, name="benefit_detail"),
    path("gevinst/<int:benefit_id>/maaling/", views.measurement_add, name="measurement_add"),
    path("gevinst/<int:benefit_id>/status/", views.benefit_status, name="benefit_status"),
]
