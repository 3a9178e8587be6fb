"""``proofbank quiz``: the practice exam in the terminal.

``exam`` holds the rules (which questions, what counts as an answer, the
score), ``history`` keeps past exams on disk, and ``terminal`` asks the
questions and shows the results.
"""
