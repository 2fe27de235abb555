"""Reminders: what is due for each user on a day, kept as rows (branches.models.Reminder) by a daily
beat task (branches.tasks.task_send_reminders, or `manage.py send_reminders`) and sent once a day
as an email digest.

Each app registers its own sources of what is due from its AppConfig.ready (registry.py), the way
it registers its policy rules, so branches imports nothing of the apps above: branches' own are in
lifecycle.py, meetings' in meetings/reminders.py (the month's minutes, tomorrow's meeting, unpaid
dues), ratings' in ratings/reminders.py (the rating year's steps). routing.py decides who is told,
refresh.py keeps the rows in step, digest.py writes the email.

Who is told of what (the nearest holder of the role, routing.py):

| kind | the chi bộ's secretary | the reviewer above |
|---|---|---|
| last month's minutes not finalised | from the 1st, until finalised | after day N [U, 5] |
| a planned meeting | the day before and the day itself | — |
| members who did not pay last month's dues | until paid or excused | — (the xóa tên watch list) |
| a probationary member's recognition vote | from month 11 of probation | past the 30 working days |
| a discipline that lapses | the notice days before [U, 14] | — |
| an introduction letter not presented | past 30 working days | past 30 working days |
| the rating year: self-assessments, proposal | from the lead days [U, 45] before `finish_by` until `files_by` | — |
| the rating year: the decision | — | the deciding committee (HD 43 Mục 3), same window |

A reminder goes away when its thing is done; one marked done stays done until then."""
