from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Sinh hoạt chi bộ"

    def ready(self) -> None:
        from branches import criteria_sets, policy
        from branches.panels import MEMBER_PANELS
        from branches.reminders import registry

        from . import reminders
        from .criteria_sets import SCORE_SHEETS
        from .dues.member_views import member_panel
        from .policy import MEETING_RULES

        policy.register(MEETING_RULES)
        # The score sheets' pages and writes are branches' one mechanism for criteria sets.
        criteria_sets.register(SCORE_SHEETS)
        # The member's page shows their dues and the xóa tên flag.
        if member_panel not in MEMBER_PANELS:
            MEMBER_PANELS.append(member_panel)
        # The month's minutes, tomorrow's meeting, unpaid dues on the home page and in the digest.
        registry.register(*reminders.SOURCES)
