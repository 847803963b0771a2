"""Run the command line as `python -m iopcost`."""

from iopcost.cli import main

main()
