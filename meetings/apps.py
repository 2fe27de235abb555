from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Sinh hoạt chi bộ"

    def ready(self) -> None:
        from branches.panels import MEMBER_PANELS

        from .dues.views import member_panel

        # The member's page shows their dues and the xóa tên flag.
        if member_panel not in MEMBER_PANELS:
            MEMBER_PANELS.append(member_panel)
