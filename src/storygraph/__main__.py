"""``python -m storygraph``."""

from storygraph.cli import main

main()
