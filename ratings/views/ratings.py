"""Rating pages: the chi bộ's sheet, self-assessment, the reviewer's queue and decisions, the
distribution, a member's own result."""
