"""The command line: the only module that prints or exits.

Heavy modules (TensorFlow, jinja2) are imported inside the commands that need them, so
`netspec check` stays pure Python and fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from netspec.distribute import DEFAULT_TIMEOUT, STRATEGIES
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


def cmd_lsp(args: argparse.Namespace) -> int:
    try:
        from netspec.lsp import serve_stdio
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in ("pygls", "lsprotocol"):
            raise UsageError("netspec lsp needs pygls: pip install 'netspec[lsp]'") from None
        raise
    serve_stdio()
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from netspec.serve import serve

    return serve(args.spec, port=args.port, open_browser=args.open)


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


TRAIN_FLAGS: tuple[tuple[str, Callable[[str], object], str], ...] = (
    ("epochs", positive_int, "passes over the training data"),
    ("batch_size", positive_int, "images per step"),
    ("learning_rate", float, "initial learning rate"),
    ("optimizer", str, "sgd, momentum, adam, adagrad or rmsprop"),
    ("loss", str, "cross_entropy or mse"),
    ("l2", float, "L2 weight decay"),
    ("validation_split", float, "fraction held out for validation"),
    ("seed", int, "seed for weights, shuffling and the split"),
)


def parse_setting(text: str) -> tuple[str, object]:
    """--set KEY=VALUE for any train: key; VALUE is read as YAML (safely)."""
    import yaml

    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(
            f"expected KEY=VALUE such as lr_decay={{type: cosine}}, got {text!r}"
        )
    try:
        return key.strip(), yaml.safe_load(value)
    except yaml.YAMLError:
        raise argparse.ArgumentTypeError(f"cannot read the value of {text!r} as YAML") from None


def cmd_run(args: argparse.Namespace) -> int:
    from netspec.model import load_network
    from netspec.training import RunOptions, run

    if not args.spec and not args.resume:
        raise UsageError("name a SPEC to train, or an earlier run to continue with --resume RUN")
    if args.resume and (args.spec or args.out):
        raise UsageError(
            "--resume RUN continues RUN with its own spec, in its own folder: "
            "leave out SPEC and --out"
        )
    if not args.data and not args.resume:
        raise UsageError("name the data with --data mnist|fashion-mnist|cifar10|PATH")
    network = load_network(args.spec) if args.spec else None
    options = RunOptions(
        data=args.data,
        data_dir=args.data_dir,
        out=args.out,
        resume=args.resume,
        overrides={name: getattr(args, name) for name, _, _ in TRAIN_FLAGS},
        settings=dict(args.set or []),
        strategy=args.strategy,
        worker_timeout=args.worker_timeout,
    )
    result = run(network, options, log=lambda text: print(text, flush=True))
    for note in result.notes:
        print(f"note: {note}")
    m = result.metrics
    print(
        f"test accuracy {m['test_accuracy']:.4f}, test loss {m['test_loss']:.4f} "
        f"({m['test_images']:,} images); {m['images_per_second'] or 0:,.0f} images/s"
    )
    print(f"run saved in {result.run_dir}")
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from netspec.training import evaluate

    metrics = evaluate(args.run, args.data, args.data_dir)
    print(
        f"test accuracy {metrics['test_accuracy']:.4f}, test loss {metrics['test_loss']:.4f} "
        f"({metrics['test_images']:,} images)"
    )
    return EXIT_OK


def cmd_predict(args: argparse.Namespace) -> int:
    from netspec.training import predict

    for image, ranked in predict(args.run, args.images, top=args.top):
        best = ", ".join(f"{name} {p:.1%}" for name, p in ranked)
        print(f"{image}: {best}")
    return EXIT_OK


def cmd_emit(args: argparse.Namespace) -> int:
    from pathlib import Path

    from netspec.backends.script import render_script
    from netspec.model import load_network

    network = load_network(args.spec)
    text = render_script(network, style=args.style)
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.output)
    if target.is_dir():
        raise UsageError(
            f"{target} is a folder; give the script's file name, e.g. "
            f"{target / ('train_' + network.name.replace('-', '_') + '.py')}"
        )
    if target.exists() and not args.force:
        raise UsageError(f"{target} exists; pass --force to overwrite it")
    target.write_text(text)
    print(f"wrote {target} ({args.style} style); train with: python {target} --data ...")
    return EXIT_OK


def add_data_arguments(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument(
        "--data",
        required=required,
        metavar="NAME|PATH",
        help="mnist, fashion-mnist, cifar10, an image folder or an .npz",
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", help="where named data sets are (also NETSPEC_DATA_DIR)"
    )


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

    lsp = sub.add_parser(
        "lsp", help="a language server over stdio: shapes, errors and hovers in your editor"
    )
    lsp.set_defaults(handler=cmd_lsp)

    serve = sub.add_parser(
        "serve", help="a local page: edit a spec, see the check table and the picture as you type"
    )
    serve.add_argument(
        "spec", nargs="?", metavar="SPEC", help="the spec to edit (Save writes it back)"
    )
    serve.add_argument(
        "--port", type=int, default=8765, metavar="N", help="port on 127.0.0.1 (default 8765)"
    )
    serve.add_argument("--open", action="store_true", help="open the page in a browser")
    serve.set_defaults(handler=cmd_serve)

    schema = sub.add_parser("schema", help="print the JSON Schema of the spec language")
    schema.set_defaults(handler=cmd_schema)

    draw = sub.add_parser("draw", help="draw the network with its shapes (SVG, PNG or DOT)")
    draw.add_argument("spec", metavar="SPEC")
    draw.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="FILE.svg, FILE.png (needs a rasterizer) or FILE.dot",
    )
    draw.add_argument("--input", type=parse_input_shape, metavar="HxWxC")
    draw.set_defaults(handler=cmd_draw)

    run = sub.add_parser("run", help="build the Keras model, train it, evaluate, save the run")
    run.add_argument("spec", nargs="?", metavar="SPEC")
    add_data_arguments(run, required=False)
    run.add_argument("--out", metavar="DIR", help="run folder (default runs/NAME-TIMESTAMP)")
    run.add_argument("--resume", metavar="RUN", help="continue RUN from its last complete epoch")
    for name, kind, text in TRAIN_FLAGS:
        run.add_argument(f"--{name.replace('_', '-')}", type=kind, dest=name, help=text)
    run.add_argument(
        "--strategy",
        default="auto",
        choices=STRATEGIES,
        help="tf.distribute strategy; multi-worker reads TF_CONFIG "
        "(default auto: mirrored with several GPUs, else one device)",
    )
    run.add_argument(
        "--worker-timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="multi-worker: how long to wait for a silent worker (default 300)",
    )
    run.add_argument(
        "--set",
        action="append",
        type=parse_setting,
        metavar="KEY=VALUE",
        help="any train: key, e.g. --set 'lr_decay={type: cosine}'",
    )
    run.set_defaults(handler=cmd_run)

    emit = sub.add_parser("emit", help="write a standalone TensorFlow training script")
    emit.add_argument("spec", metavar="SPEC")
    emit.add_argument("-o", "--output", metavar="FILE", help="script path (default: stdout)")
    emit.add_argument(
        "--style",
        choices=("keras", "tf"),
        default="keras",
        help="keras layers (default) or explicit tf.nn ops and GradientTape",
    )
    emit.add_argument("--force", action="store_true", help="overwrite an existing FILE")
    emit.set_defaults(handler=cmd_emit)

    evaluate = sub.add_parser("evaluate", help="evaluate a finished run on a test split")
    evaluate.add_argument("run", metavar="RUN")
    add_data_arguments(evaluate, required=False)
    evaluate.set_defaults(handler=cmd_evaluate)

    predict = sub.add_parser("predict", help="classify images with a finished run")
    predict.add_argument("run", metavar="RUN")
    predict.add_argument("images", nargs="+", metavar="IMAGE")
    predict.add_argument("--top", type=positive_int, default=3, help="classes shown per image")
    predict.set_defaults(handler=cmd_predict)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.debug:
        # TensorFlow's C++ start-up log (CUDA probes, CPU features) is noise to a user.
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
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
    except BrokenPipeError:
        # The reader (head, less) went away; that is not an error. Point stdout at devnull so
        # Python's own flush at exit does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("netspec: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"netspec: unexpected error: {type(exc).__name__}: {exc}\n"
            "  hint: run again with --debug for the traceback, and report it",
            file=sys.stderr,
        )
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
