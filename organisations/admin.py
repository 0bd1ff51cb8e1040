from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Committee, Membership, Municipality, User


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent", "municipality", "material_days"]
    list_filter = ["municipality", "level"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "municipality",
        "is_project_lead",
        "is_template_admin",
        "is_staff",
    ]
    list_filter = ["municipality", "is_project_lead", "is_template_admin", "is_staff"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            _("Kommune og roller"),
            {"fields": ["municipality", "is_project_lead", "is_template_admin"]},
        ),
    )
