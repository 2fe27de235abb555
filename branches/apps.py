from django.apps import AppConfig


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = "Tổ chức đảng và đảng viên"

    def ready(self) -> None:
        from . import policy

        policy.register(policy.BRANCH_RULES)
