"""Subcommands of the command line: each module here has ``register(subparsers, common)``.

A handler is set with ``parser.set_defaults(handler=fn)``; ``fn(args, ctx)`` returns the exit status.
``needs_store=False`` lets a command run without opening the store.
"""
