"""Background jobs (DESIGN §4 Jobs), for any app: the row is the single truth about work done
outside the request (a report built, a file checked); the page polls it with htmx; its file is
served by a view that checks scope and logs the download.

  models.py    the Job row and its scoped queryset
  kinds.py     the registry: an app registers each kind of job it runs (how to split it into
               parts, render a part, name its file) in its AppConfig.ready
  services.py  the job's life: requested, queued on commit, started, parts recorded, merged,
               failed, swept when stale, old files cleaned
  views.py     the job page's status box and the download
The Celery tasks are branches/tasks.py: thin, ids in, calling services; nothing here imports them."""
