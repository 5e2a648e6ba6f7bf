"""integra-tui: check-in, agenda and agreements for a community round table."""

__version__ = "0.1.0"
