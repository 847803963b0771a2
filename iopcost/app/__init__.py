"""The application layer: one function per use case, what a command does without Typer.

Each module takes a request (a frozen value the command line builds from its
options), does the work through the layers below, and hands the result to
`output.emit`: standard output, or a file written whole and said in one line
on stderr. Nothing here imports Typer; the command line only declares options,
builds the request and calls a function here.
"""
