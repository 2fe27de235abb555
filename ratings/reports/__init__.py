"""The annual rating report: its tables (shared with the dashboards and the Excel export), the
PDF in the Party's document format, the job that builds it."""
