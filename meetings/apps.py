from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Sinh hoạt chi bộ"

    def ready(self) -> None:
        from branches.policy import register

        from .policy import MEETING_RULES

        register(MEETING_RULES)
