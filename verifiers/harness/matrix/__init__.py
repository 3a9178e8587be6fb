"""``proofbank matrix``: prove the bank on several SQLAlchemy releases and report where behaviour changed.

- :mod:`.releases` turns version specs into released versions,
- :mod:`.venvs` keeps one cached virtual environment per version,
- :mod:`.execution` runs the bank in each environment, writing run records,
- :mod:`.table` reads those records into a matrix and finds what differs,
- :mod:`.render` prints the matrix.
"""
