from django.contrib import admin

from .models import Answer, AnswerRevision, Assessment, Comment


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["project", "template_version", "created_at"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["assessment", "question", "respondent", "side", "phase", "status", "version"]
    list_filter = ["side", "phase", "status"]
    readonly_fields = ["version"]


@admin.register(AnswerRevision)
class AnswerRevisionAdmin(admin.ModelAdmin):
    list_display = ["answer", "version", "author", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False  # history is never rewritten


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["assessment", "question", "author", "created_at", "resolved_at"]
