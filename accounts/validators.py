from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    """Long passphrases are welcome, but not megabytes for the hasher to chew."""

    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: object = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(f"Please use at most {self.max_length} characters.", code="password_too_long")

    def get_help_text(self) -> str:
        return f"At most {self.max_length} characters."
