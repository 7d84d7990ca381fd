from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError

from lead.forms import BoundedForm, BoundedFormMixin, UswdsRadioSelect


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
    """Django's password change, with the bounds of every form and its messages in our words."""

    error_messages = {
        "password_incorrect": "Your current password is not right: type it again.",
        "password_mismatch": "The two new passwords differ: type the same one twice.",
    }


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


class RecoveryCodeForm(BoundedForm):
    recovery_code = forms.CharField(
        label="Recovery code",
        help_text="One of the ten codes you saved when you set them up. Each works once.",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}),
    )

    def clean_recovery_code(self):
        # People copy codes with spaces or in capitals; the stored ones are lower-case base32.
        code = "".join(self.cleaned_data["recovery_code"].split()).lower()
        if not code.isalnum() or "\x00" in code:
            raise ValidationError("Enter the recovery code as it was shown: eight letters and digits.")
        return code


class DecisionForm(BoundedForm):
    # The page itself is the confirmation step: it shows the account as it is and the change
    # asked for, and nothing happens until one of these is chosen and sent.
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("approve", "Approve: I checked that this change is needed for this person's work"),
            ("reject", "Reject"),
        ],
        widget=UswdsRadioSelect,
        error_messages={"required": "Choose to approve or reject the change."},
    )
