from django.core.management.base import BaseCommand

from branches.demo import DEMO_PASSWORD, MEMBER_LOGIN
from branches.models import Member, RoleAssignment


class Command(BaseCommand):
    help = "Print the demo accounts and what each may see."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="the port `make run` serves on")

    def handle(self, *args, **options):
        demo = RoleAssignment.objects.filter(
            user__username__in=["quantri", "bantochuc", "xetduyet", "bithu", "bithu.khac"]
        )
        self.stdout.write(f"\nDemo logins (password: {DEMO_PASSWORD}) at http://127.0.0.1:{options['port']}/")
        for a in demo.select_related("user", "organisation").order_by("organisation__path", "user__username"):
            self.stdout.write(f"  {a.user.username:<12} {a.get_role_display()} — {a.organisation.name}")
        for m in Member.objects.filter(account__username="dangvien").select_related(
            "account", "organisation"
        ):
            self.stdout.write(
                f"  {m.account.username:<12} {MEMBER_LOGIN}: {m.full_name} — {m.organisation.name}"
            )
        self.stdout.write("")
