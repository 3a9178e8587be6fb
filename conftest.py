"""Proofbank's pytest plugin: collects bank/<domain>/<id>.yaml into one test per backend.

The plugin lives in verifiers/harness/plugin.py; this file only loads it, so
that ``pytest`` run from the project's root proves the bank.
"""

pytest_plugins = ["verifiers.harness.plugin"]
