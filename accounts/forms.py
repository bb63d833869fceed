import zoneinfo

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from accounts.actions import do_invite
from accounts.models import Role, User

ZONES = sorted(zoneinfo.available_timezones())


class InviteForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Email address")
    display_name = forms.CharField(
        max_length=80, required=False, label="Name", help_text="How they are shown to you. Optional."
    )

    def send(self, actor: User, role: Role, site_url: str) -> bool:
        """Validate and invite; a refusal (e.g. the email has an account) becomes a form error."""
        if not self.is_valid():
            return False
        try:
            do_invite(actor, role=role, site_url=site_url, **self.cleaned_data)
        except ValidationError as exc:
            self.add_error(None, exc)
            return False
        return True


class AcceptInvitationForm(forms.Form):
    display_name = forms.CharField(
        max_length=80, required=False, label="What should we call you?", help_text="A first name or a nickname is fine."
    )
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
        label="Choose a password",
        help_text="At least 12 characters. A few unrelated words make a strong one.",
    )
    password_again = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), max_length=128, label="Type it again"
    )
    time_zone = forms.ChoiceField(choices=[("", "Same as my practice")] + [(z, z) for z in ZONES], required=False)

    def __init__(self, *args: object, email: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.email = email

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", "The two passwords are not the same.")
        elif password:
            try:
                password_validation.validate_password(str(password), User(email=self.email))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data
