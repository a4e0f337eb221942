"""Forms of the accounts pages. They validate shape only; the services enforce the rules."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from habeas.accounts.roles import Role
from habeas.accounts.services import QUORUM_MAX, QUORUM_MIN


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The username or password is not correct. Several failures lock the account for a while.",
    }


class OtpCodeForm(forms.Form):
    token = forms.CharField(
        label="6-digit code",
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("Enter the digits shown in your authenticator app.")
        return token


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        required=False,
        help_text="What the token is for, e.g. 'nightly export'.",
    )


class OrganizationSettingsForm(forms.Form):
    require_2fa_for_all = forms.BooleanField(
        label="Require two-factor authentication for every user", required=False
    )
    members_see_all_cases = forms.BooleanField(
        label="Every member sees every case of the organization (not only their team's)",
        required=False,
    )
    pattern_hidden_counts = forms.BooleanField(
        label="Pattern alerts may say how many matching cases a user cannot see (never which)",
        required=False,
    )
    committee_quorum = forms.IntegerField(
        label="Committee quorum (votes needed before a decision)",
        min_value=QUORUM_MIN,
        max_value=QUORUM_MAX,
    )


class MemberAddForm(forms.Form):
    username = forms.RegexField(
        label="Login name",
        regex=r"^[\w.@+-]{2,150}$",
        max_length=150,
        help_text="What they type to log in: letters, digits and . @ + - _",
        error_messages={"invalid": "Use letters, digits and . @ + - _ (at least two)."},
    )
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(label="E-mail", required=False)
    role = forms.ChoiceField(label="Role", choices=[(r.value, r.label) for r in Role])


class CriterionAddForm(forms.Form):
    key = forms.RegexField(
        label="Key",
        regex=r"^[a-z][a-z0-9_]{0,39}$",
        max_length=40,
        help_text="Short identifier, lowercase letters, digits and underscores; cannot change later.",
        error_messages={
            "invalid": "Use lowercase letters, digits and underscores, starting with a letter."
        },
    )
    label = forms.CharField(label="Label", max_length=200)


class CriterionLabelForm(forms.Form):
    label = forms.CharField(label="Label", max_length=200)
