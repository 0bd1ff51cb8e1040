"""Django admin is for the installation's operators only: superusers.

A municipality runs itself in the product (`administration/`, scoped to its
own users, committees and seats). Django admin is not scoped to a
municipality, so no other user reaches it, not even a staff user: the
site refuses everyone but active superusers, on every admin page and on its
login (a staff user's password gets the same answer as a wrong one).
"""

from django import forms
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm


class OperatorLoginForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_superuser:
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class OperatorsAdminSite(AdminSite):
    login_form = OperatorLoginForm

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser
