"""The `iopcost` command's entry point; also runs as `python -m iopcost`."""

import gc


def main() -> None:
    """Run the command line.

    The cyclic garbage collector is paused first. Start-up imports (Typer,
    pydantic, PyYAML) build tens of thousands of long-lived objects and no
    cycles worth collecting, and the collector's passes over them took about 7%
    of a one-off estimate's time. `compare`, `plan` and `levels` do
    bounded work (the cost file is at most 1 MiB) and exit; `batch`, which can
    run for millions of rows, turns the collector back on.
    """
    gc.disable()
    from iopcost.cli import app

    app(prog_name="iopcost")


if __name__ == "__main__":
    main()
