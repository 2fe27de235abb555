from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Sinh hoạt chi bộ"

    def ready(self) -> None:
        from branches import criteria_sets, policy

        from .criteria_sets import SCORE_SHEETS
        from .policy import MEETING_RULES

        policy.register(MEETING_RULES)
        # The score sheets' pages and writes are branches' one mechanism for criteria sets.
        criteria_sets.register(SCORE_SHEETS)
