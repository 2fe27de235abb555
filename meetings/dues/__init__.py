"""Party dues (đảng phí, domain-rules §14): collected at the monthly meeting and handed up. `rules`
is pure; `models` is registered with the meetings app; `services` writes, `queries` reads."""
