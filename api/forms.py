from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=60, label="What is this token for?", help_text="For example: my reporting script."
    )
