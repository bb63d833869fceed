from django import forms


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="What did you do?",
        help_text="Required. For example: called the client, reviewed the safety plan together.",
        max_length=4_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say briefly what you did, for example who you called."},
    )
