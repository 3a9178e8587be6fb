"""``proofbank export``: the proven bank in the formats learning platforms import (Udemy, Moodle, Canvas, Anki)."""
