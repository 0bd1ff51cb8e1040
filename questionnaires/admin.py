from django.contrib import admin

from .models import Question, QuestionTemplate, Section, TemplateVersion


@admin.register(QuestionTemplate)
class QuestionTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "municipality"]


@admin.register(TemplateVersion)
class TemplateVersionAdmin(admin.ModelAdmin):
    list_display = ["template", "number", "status", "published_at"]
    list_filter = ["status"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "core_question", "order"]
    list_filter = ["version", "core_question"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["key", "text", "kind", "required"]
    list_filter = ["section__version", "kind", "required"]
    search_fields = ["key", "text"]
