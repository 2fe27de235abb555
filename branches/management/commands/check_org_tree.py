from django.core.management.base import BaseCommand, CommandError

from branches.services import check_tree


class Command(BaseCommand):
    help = "Verify the organisation tree: every path, depth and parent-kind is consistent."

    def handle(self, *args, **options):
        problems = check_tree()
        for line in problems:
            self.stderr.write(line)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the organisation tree.")
        self.stdout.write("Organisation tree OK.")
