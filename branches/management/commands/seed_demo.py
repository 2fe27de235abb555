import time

from django.core.management.base import BaseCommand, CommandError

from branches import demo
from branches.models import Organisation


class Command(BaseCommand):
    help = "Load the demo province: a commune (default) or the whole Trà Vinh shape (--scale province)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["commune", "province"], default="commune")
        parser.add_argument("--seed", type=int, default=2022)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when organisations exist")

    def handle(self, *args, scale, seed, if_empty, **options):
        if Organisation.objects.exists():
            if if_empty:
                self.stdout.write("Demo data already loaded.")
                return
            raise CommandError("The database already holds organisations; seed an empty database.")
        started = time.monotonic()
        built, _ = demo.seed(demo.PROVINCE if scale == "province" else demo.COMMUNE, seed)
        self.stdout.write(
            f"Seeded {scale}: {len(built.branches)} chi bộ, {built.members} đảng viên "
            f"in {time.monotonic() - started:.1f} s."
        )
