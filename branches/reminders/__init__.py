"""Reminders: what is due for each user on a day, kept as rows (branches.models.Reminder) by a daily
beat task (branches.tasks.task_send_reminders, or `manage.py send_reminders`) and sent once a day
as an email digest.

Each app registers its own sources of what is due from its AppConfig.ready (registry.py), the way
it registers its policy rules, so branches imports nothing of the apps above: branches' own are in
lifecycle.py, meetings' in meetings/reminders.py (the month's minutes, tomorrow's meeting, unpaid
dues), ratings' in ratings/reminders.py (the rating year's steps). routing.py decides who is told,
refresh.py keeps the rows in step, digest.py writes the email."""
