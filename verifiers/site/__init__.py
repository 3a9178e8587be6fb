"""Learner pages: a static site built from the bank, its run records and the matrix record."""
