"""Recognition pages: schemes, an organisation's registrations and their criteria."""
