from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Sinh hoạt chi bộ"

    def ready(self) -> None:
        from branches.criteria_sets import register

        from .criteria_sets import SCORE_SHEETS

        # The score sheets' pages and writes are branches' one mechanism for criteria sets.
        register(SCORE_SHEETS)
