from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = "Đánh giá, xếp loại chất lượng"

    def ready(self) -> None:
        from branches.policy import register
        from branches.services.common import STANDING_LISTENERS

        from .policy import RATING_RULES
        from .services.members import follow_member

        register(RATING_RULES)

        # Who is rated in an open year follows exemptions, suspensions, transfers and leaving.
        if follow_member not in STANDING_LISTENERS:
            STANDING_LISTENERS.append(follow_member)
