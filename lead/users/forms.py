from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError

from lead.forms import BoundedForm, BoundedFormMixin


class SignInForm(BoundedFormMixin, AuthenticationForm):
    username = forms.CharField(label="Username", max_length=150)
    password = forms.CharField(label="Password", strip=False, widget=forms.PasswordInput)

    error_messages = {
        "invalid_login": "The username or password is not right. Both are case-sensitive.",
        "inactive": "This account is disabled. Ask your site administrator.",
    }

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        # The demo password is public: an account that still has it must not open outside a demo.
        if password == settings.LEAD_DEMO_PASSWORD and not settings.LEAD_DEMO:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return password


class PasswordForm(BoundedFormMixin, PasswordChangeForm):
    """Django's password change, with the bounds of every form."""


class TokenForm(BoundedForm):
    token = forms.CharField(
        label="Six-digit code",
        help_text="From your authenticator app. The code changes every 30 seconds.",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise ValidationError("Enter the six digits shown in your authenticator app.")
        return token
