import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from branches import demo as branches_demo
from branches.models import Organisation
from branches.reminders.refresh import refresh as refresh_reminders
from meetings import demo as meetings_demo
from meetings.dues import demo as dues_demo
from ratings import demo as ratings_demo
from ratings.demo import recognitions as demo_recognitions


class Command(BaseCommand):
    help = (
        "Load the demo: a commune (default) or the whole Trà Vinh shape (--scale province), "
        "with a year of meetings, three years of ratings and the recognitions."
    )

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
        shape = branches_demo.PROVINCE if scale == "province" else branches_demo.COMMUNE
        started = time.monotonic()
        # Each app's demo builds on the one before; all of it or nothing.
        with transaction.atomic():
            built, _ = branches_demo.seed(shape, seed)
            organised = time.monotonic()
            year = meetings_demo.seed(built, shape, seed)
            dues = dues_demo.seed(built, shape, seed)
            met = time.monotonic()
            rated = ratings_demo.seed(built, shape, seed)
            written = time.monotonic()
            # Recognitions (ratings.demo_recognitions) read the rated years, so they come last.
            recognised = demo_recognitions.seed(
                built.province, list(ratings_demo.FULL_YEARS), branches_demo.TODAY
            )
            awarded = time.monotonic()
            # What is due on the demo's day, so its logins find reminders on the home page.
            reminders = refresh_reminders(branches_demo.TODAY)
        finished = time.monotonic()  # the commit checks every deferred foreign key of the seed
        self.stdout.write(
            f"Seeded {scale}: {len(built.branches)} chi bộ, {built.members} đảng viên in {organised - started:.1f} s; "
            f"{year.meetings} buổi sinh hoạt, {year.attendance} lượt điểm danh, {dues['books']} sổ đảng phí tháng "
            f"({dues['lines']} dòng, {dues['unpaid']} chưa nộp) in {met - organised:.1f} s; "
            f"xếp loại {', '.join(str(y) for y in sorted(rated.members))}: {rated.transitions} bước, "
            f"{rated.reratings} xếp loại lại, {rated.disciplines} kỷ luật in {written - met:.1f} s; "
            f"{recognised['recognitions']} công nhận ({recognised['registered']} đăng ký năm nay) in {awarded - written:.1f} s; "
            f"{reminders.created} nhắc việc; "
            f"committed in {finished - awarded:.1f} s."
        )
        for y in sorted(rated.members):
            self.stdout.write(f"  {rated.line(y)}")
