from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from branches.reminders import digest
from branches.reminders.refresh import refresh


class Command(BaseCommand):
    help = (
        "Bring every user's reminders up to date and send the day's email digests: what the daily "
        "beat task does, run in-process."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="day", help="the day to work out, YYYY-MM-DD (default: today)")
        parser.add_argument("--no-email", action="store_true", help="update the reminders, send no email")

    def handle(self, *args, day: str | None = None, no_email: bool = False, **options):
        on = self._day(day)
        done = refresh(on)
        sent = 0 if no_email else digest.send_digests(on)
        self.stdout.write(
            f"Nhắc việc ngày {on:%d/%m/%Y}: {done.created} mới, {done.updated} cập nhật, "
            f"{done.cleared} đã xong; {sent} thư tóm tắt đã gửi."
        )

    @staticmethod
    def _day(text: str | None) -> date:
        if not text:
            return timezone.localdate()
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--date {text!r}: hãy viết ngày theo dạng YYYY-MM-DD.") from None
