from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = "Đánh giá, xếp loại chất lượng"

    def ready(self) -> None:
        from branches import criteria_sets, policy
        from branches.reminders import registry
        from branches.services.common import MANY_STANDING_LISTENERS, STANDING_LISTENERS

        from . import reminders
        from .criteria_sets import RATING_SHEETS, RECOGNITION_SCHEMES
        from .policy import RATING_RULES
        from .reports.jobs import register_kinds
        from .services.roll import follow_member, follow_members

        policy.register(RATING_RULES)
        # Who is rated in an open year follows exemptions, suspensions, transfers and leaving.
        if follow_member not in STANDING_LISTENERS:
            STANDING_LISTENERS.append(follow_member)
        if follow_members not in MANY_STANDING_LISTENERS:
            MANY_STANDING_LISTENERS.append(follow_members)
        # The rating sheets' and schemes' copies, edits and pages are branches' one mechanism.
        criteria_sets.register(RATING_SHEETS)
        criteria_sets.register(RECOGNITION_SCHEMES)
        # The reports are kinds of the generic background job.
        register_kinds()
        # The rating year's steps on the home page and in the digest.
        registry.register(*reminders.SOURCES)
