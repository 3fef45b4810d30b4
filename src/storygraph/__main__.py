"""``python -m storygraph``."""

from .cli import main

main()
