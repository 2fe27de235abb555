from django.apps import AppConfig


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = "Tổ chức đảng và đảng viên"

    def ready(self) -> None:
        from . import policy
        from .imports.checks import register_kinds

        policy.register(policy.BRANCH_RULES)
        # The check of an uploaded file (issue 12) is a kind of the generic background job.
        register_kinds()
