"""Password rules whose Django messages have no Vietnamese translation (settings.AUTH_PASSWORD_VALIDATORS)."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    # Django's vi catalogue translates an older wording of this message, so it shows in English.
    def get_error_message(self) -> str:
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self) -> str:
        return f"Mật khẩu phải có ít nhất {self.min_length} ký tự."
