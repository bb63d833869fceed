from typing import Any

from allauth.account.adapter import get_adapter
from django import forms
from django.http import HttpRequest

from accounts.models import User

CONFIRM_WORD = "DELETE"


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        max_length=20,
        label=f"Type the word {CONFIRM_WORD}",
        error_messages={"required": f"Please type {CONFIRM_WORD} to show this is what you want."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    password = forms.CharField(
        max_length=128,
        label="Your password",
        error_messages={"required": "Please type your password, so we know it is you."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_confirm(self) -> str:
        word = self.cleaned_data["confirm"].strip()
        if word.upper() != CONFIRM_WORD:
            raise forms.ValidationError(f"Please type {CONFIRM_WORD} to show this is what you want.")
        return word

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        # Through allauth and axes, so guesses here count towards the same rate limit and lockout as sign-in.
        adapter = get_adapter(self.request)
        person = adapter.authenticate(self.request, email=self.user.email, password=password)
        if person is None or person.pk != self.user.pk:
            raise forms.ValidationError("That password is not right. Please try again.")
        return password
