"""`python -m bot` runs the same CLI as the `citybrief` script."""

from bot.cli import main

main()
