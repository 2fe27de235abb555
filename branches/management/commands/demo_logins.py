from django.core.management.base import BaseCommand

from branches.demo import DEMO_PASSWORD
from branches.models import RoleAssignment


class Command(BaseCommand):
    help = "Print the demo accounts and what each may see."

    def handle(self, *args, **options):
        demo = RoleAssignment.objects.filter(user__username__in=["quantri", "bantochuc", "xetduyet", "bithu", "bithu.khac"])
        self.stdout.write(f"\nDemo logins (password: {DEMO_PASSWORD}) at http://127.0.0.1:8000/")
        for a in demo.select_related("user", "organisation").order_by("organisation__path", "user__username"):
            self.stdout.write(f"  {a.user.username:<12} {a.get_role_display()} — {a.organisation.name}")
        self.stdout.write("")
