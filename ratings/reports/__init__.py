"""The annual rating report: its tables (shared with the dashboards and the Excel export), the
PDF in the Party's document format, and the reports as kinds of the background job (jobs.py)."""
