"""Forms for signing in, managing users, API tokens and filtering the audit log, in NHS.UK style."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms

from careshift.apps.accounts.models import ROLE_CHOICES, ApiToken, AuditEvent, User

WIDGET_CLASSES = {
    forms.Select: "nhsuk-select",
    forms.CheckboxInput: "nhsuk-checkboxes__input",
    forms.Textarea: "nhsuk-textarea",
}


class NhsFormMixin:
    """Adds the NHS.UK classes to each widget, and the error class to fields with errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            css = next((c for w, c in WIDGET_CLASSES.items() if isinstance(field.widget, w)), "nhsuk-input")
            field.widget.attrs["class"] = (field.widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                widget.attrs["class"] += " nhsuk-input--error"


class LoginForm(NhsFormMixin, auth_forms.AuthenticationForm):
    pass


class PasswordChangeForm(NhsFormMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(NhsFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(NhsFormMixin, auth_forms.SetPasswordForm):
    pass


class UserCreateForm(NhsFormMixin, auth_forms.UserCreationForm):
    role = forms.ChoiceField(choices=ROLE_CHOICES, initial="viewer", help_text="What this person may do.")

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "role")


class UserChangeForm(NhsFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "role")
        help_texts = {"role": "What this person may do. Changes apply from their next page."}

    def clean_role(self) -> str:
        from careshift.apps.accounts.users import LAST_ADMIN_HINT, is_last_administrator

        role = str(self.cleaned_data["role"])
        stored = User.objects.filter(pk=self.instance.pk).first()
        if stored is not None and role != "administrator" and is_last_administrator(stored):
            raise forms.ValidationError(f"This is the last administrator. {LAST_ADMIN_HINT}")
        return role


class ApiTokenForm(NhsFormMixin, forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ("name",)


class AuditFilterForm(NhsFormMixin, forms.Form):
    username = forms.CharField(required=False, label="User")
    action = forms.ChoiceField(required=False)
    object_type = forms.ChoiceField(required=False, label="Object type")
    since = forms.DateField(required=False, label="From (YYYY-MM-DD)")
    until = forms.DateField(required=False, label="To (YYYY-MM-DD)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        events = AuditEvent.objects.order_by()
        action_field: Any = self.fields["action"]
        type_field: Any = self.fields["object_type"]
        action_field.choices = _choices(events.values_list("action", flat=True).distinct())
        type_field.choices = _choices(events.values_list("object_type", flat=True).distinct())

    def filter(self, events: Any) -> Any:
        """``events`` narrowed by whichever filters are filled in (all of them if the form is invalid)."""
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data["username"]:
            events = events.filter(username__icontains=data["username"])
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"])
        if data["since"]:
            events = events.filter(created__date__gte=data["since"])
        if data["until"]:
            events = events.filter(created__date__lte=data["until"])
        return events


def _choices(values: Any) -> list[tuple[str, str]]:
    return [("", "Any"), *((v, v) for v in sorted(v for v in values if v))]
