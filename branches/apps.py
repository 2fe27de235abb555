from django.apps import AppConfig


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = "Tổ chức đảng và đảng viên"

    def ready(self) -> None:
        from . import policy
        from .imports import export
        from .imports.checks import register_kinds
        from .reminders import lifecycle, registry

        policy.register(policy.BRANCH_RULES)
        # What is due for members' lifecycles; the apps above register theirs the same way.
        registry.register(*lifecycle.SOURCES)
        # The check of an uploaded file (issue 12) is a kind of the generic background job.
        register_kinds()
        export.register_kind()  # and the export of a scope's members, in the same layout
