"""Helpers the test files share (on sys.path through `pythonpath` in pyproject.toml: `from support.pilot import`)."""
