"""Where each backend's database comes from, and one private database per question."""
