"""Serving stations to browsers on the local network: access code, station names, the textual-serve server."""

__all__: list[str] = []
