from django.contrib import admin

from .models import PhaseTransition, Project


class PhaseTransitionInline(admin.TabularInline):
    model = PhaseTransition
    extra = 0
    readonly_fields = [
        "from_step",
        "to_step",
        "moved_at",
        "moved_by",
        "note",
        "unanswered_count",
        "reason",
    ]
    can_delete = False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "step", "lead"]
    list_filter = ["municipality", "field_of_work", "technology_kind"]
    search_fields = ["title"]
    inlines = [PhaseTransitionInline]
