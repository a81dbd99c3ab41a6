"""The command line: the only module that prints or exits.

Heavy modules (TensorFlow, jinja2) are imported inside the commands that need them, so
`netspec check` stays pure Python and fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from netspec.errors import NetspecError, SpecError, UsageError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def parse_input_shape(text: str) -> tuple[int, int, int]:
    """'224x224x3' -> (224, 224, 3), for --input."""
    parts = text.lower().replace(",", "x").split("x")
    try:
        values = tuple(int(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected HxWxC such as 224x224x3, got {text!r}"
        ) from None
    if len(values) != 3 or min(values) < 1:
        raise argparse.ArgumentTypeError(
            f"expected three positive integers HxWxC such as 224x224x3, got {text!r}"
        )
    return values  # type: ignore[return-value]


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def cmd_check(args: argparse.Namespace) -> int:
    from netspec.model import load_network
    from netspec.report import json_line, table
    from netspec.shapes import analyze

    status = EXIT_OK
    outputs: list[str] = []
    for path in args.specs:
        try:
            network = load_network(path)
            if args.input:
                network = network.with_input(args.input)
            report = analyze(network, batch=args.batch)
        except SpecError as exc:
            if args.debug:
                raise
            print(exc.render(), file=sys.stderr)
            status = EXIT_INVALID
            continue
        for warning in report.warnings:
            print(warning.render(), file=sys.stderr)
        outputs.append(json_line(report) if args.format == "json" else table(report))
    separator = "\n" if args.format == "json" else "\n\n"
    if outputs:
        print(separator.join(outputs))
    return status


def cmd_schema(args: argparse.Namespace) -> int:
    from netspec.schema import schema_json

    print(schema_json())
    return EXIT_OK


def cmd_draw(args: argparse.Namespace) -> int:
    from netspec.draw import draw_to_file
    from netspec.model import load_network
    from netspec.shapes import analyze

    network = load_network(args.spec)
    if args.input:
        network = network.with_input(args.input)
    report = analyze(network)
    for warning in report.warnings:
        print(warning.render(), file=sys.stderr)
    written = draw_to_file(report, args.output)
    print(f"wrote {written}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netspec",
        description="Check declarative CNN specs statically and compile them to TensorFlow.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    check = sub.add_parser("check", help="validate specs and print shapes, params, MACs")
    check.add_argument("specs", nargs="+", metavar="SPEC", help="YAML spec files")
    check.add_argument(
        "--input",
        type=parse_input_shape,
        metavar="HxWxC",
        help="check at another input size, e.g. 28x28x1",
    )
    check.add_argument(
        "--batch",
        type=positive_int,
        default=1,
        metavar="N",
        help="batch size for the activation-memory column (default 1)",
    )
    check.add_argument("--format", choices=("table", "json"), default="table")
    check.set_defaults(handler=cmd_check)

    schema = sub.add_parser("schema", help="print the JSON Schema of the spec language")
    schema.set_defaults(handler=cmd_schema)

    draw = sub.add_parser("draw", help="draw the network with its shapes (SVG, PNG or DOT)")
    draw.add_argument("spec", metavar="SPEC")
    draw.add_argument("-o", "--output", required=True, metavar="FILE",
                      help="FILE.svg, FILE.png (needs a rasterizer) or FILE.dot")
    draw.add_argument("--input", type=parse_input_shape, metavar="HxWxC")
    draw.set_defaults(handler=cmd_draw)

    for register in EXTRA_COMMANDS:
        register(sub)
    return parser


EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except NetspecError as exc:
        if args.debug:
            raise
        print(
            f"netspec: {exc.render()}" if not isinstance(exc, SpecError) else exc.render(),
            file=sys.stderr,
        )
        return exc.exit_code
    except KeyboardInterrupt:
        print("netspec: interrupted", file=sys.stderr)
        return 130
    except UsageError as exc:  # pragma: no cover - UsageError is a NetspecError
        print(f"netspec: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
