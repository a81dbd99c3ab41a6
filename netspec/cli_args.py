"""The command line's grammar: every command, argument, help text and example, in one place.

Kept apart from netspec/cli.py (which runs the commands) so that `--help` reads as a manual and
the handlers stay short.
"""

from __future__ import annotations

import argparse
import os
import textwrap
from collections.abc import Callable
from pathlib import Path

from netspec import __version__
from netspec.distribute import DEFAULT_TIMEOUT, STRATEGIES


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


def port_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got {text!r}")
    return value


TRAIN_FLAGS: tuple[tuple[str, Callable[[str], object], str], ...] = (
    ("epochs", positive_int, "passes over the training data"),
    ("batch_size", positive_int, "images per step"),
    ("learning_rate", float, "initial learning rate"),
    ("optimizer", str, "sgd, momentum, adam, adagrad or rmsprop"),
    ("loss", str, "cross_entropy or mse"),
    ("l2", float, "L2 weight decay"),
    ("validation_split", float, "fraction held out for validation"),
    ("seed", int, "seed for weights, shuffling and the split"),
    ("precision", str, "float32, or mixed: bfloat16 on a CPU with bf16, float16 on a GPU"),
)


def default_cache_dir() -> Path:
    """Where --cache keeps decoded images when no folder is named (XDG's cache folder)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "netspec" / "images"


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


SPEC_HELP = "a spec file, or the name of a shipped spec (netspec specs lists them)"


def _command(
    sub: argparse._SubParsersAction, name: str, summary: str, text: str, examples: list[str]
) -> argparse.ArgumentParser:
    """A subcommand whose --help says what it does and ends with examples."""
    return sub.add_parser(  # type: ignore[no-any-return]
        name,
        help=summary,
        description=textwrap.fill(text, 79),
        epilog="examples:\n" + "\n".join(f"  {line}" for line in examples),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="NAME|PATH",
        help="mnist, fashion-mnist, cifar10, an image folder (one subfolder per class) or an "
        ".npz with x_train, y_train, x_test, y_test",
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", help="where named data sets are (also NETSPEC_DATA_DIR)"
    )


def _check(sub: argparse._SubParsersAction) -> None:
    check = _command(
        sub,
        "check",
        "validate specs and print shapes, params, MACs",
        "Validate each spec and print its per-layer table: output shapes with the rule that "
        "gives them, parameters, MACs and activation memory, then the totals. Errors point at "
        "the spec's line. Exit status 0 when every spec is valid, 1 otherwise.",
        ["netspec check vgg16", "netspec check specs/alexnet.yaml --input 224x224x3"],
    )
    check.add_argument("specs", nargs="+", metavar="SPEC", help=SPEC_HELP)
    check.add_argument(
        "--input", type=parse_input_shape, metavar="HxWxC", help="check at another input size"
    )
    check.add_argument(
        "--batch",
        type=positive_int,
        default=1,
        metavar="N",
        help="batch size for the activation-memory column (default 1)",
    )
    check.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table (default), or one JSON object per spec (with the diagnostics when invalid)",
    )


def _specs(sub: argparse._SubParsersAction) -> None:
    specs = _command(
        sub,
        "specs",
        "list the shipped specs, or copy one out to start from",
        "Without NAME: list the specs netspec ships, with their inputs, parameters and what they "
        "are. With NAME: print that spec, or write it to FILE with -o to start your own.",
        ["netspec specs", "netspec specs resnet18 -o my-resnet.yaml"],
    )
    specs.add_argument("name", nargs="?", metavar="NAME", help="a shipped spec's name")
    specs.add_argument("-o", "--output", metavar="FILE", help="write the spec to FILE")
    specs.add_argument("--force", action="store_true", help="overwrite an existing FILE")


def _draw(sub: argparse._SubParsersAction) -> None:
    draw = _command(
        sub,
        "draw",
        "draw the network with its shapes (SVG, PNG or DOT)",
        "Draw the network with the shapes, parameters and rules check computes; branches and "
        "merges are drawn as a graph. The suffix of FILE picks the format.",
        ["netspec draw lenet5 -o lenet5.svg", "netspec draw resnet50 -o resnet50.png"],
    )
    draw.add_argument("spec", metavar="SPEC", help=SPEC_HELP)
    draw.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="FILE.svg, FILE.png (rasterized with cairosvg) or FILE.dot (Graphviz)",
    )
    draw.add_argument(
        "--input", type=parse_input_shape, metavar="HxWxC", help="draw at another input size"
    )


def _run(sub: argparse._SubParsersAction) -> None:
    run = _command(
        sub,
        "run",
        "build the Keras model, train it, evaluate, save the run",
        "Train the spec's network on a data set, evaluate it on the test split and keep a run "
        "folder (spec, weights, checkpoints, history, curves) that evaluate, predict and "
        "--resume reuse. Flags override the spec's train: section.",
        [
            "netspec run lenet5 --epochs 5              # lenet5 names fashion-mnist",
            "netspec run catsdogs --data ./pets --cache  # decode the folder once",
            "netspec run fashion-cnn --precision mixed",
            "netspec run --resume runs/lenet5-20261201-101500 --epochs 10",
        ],
    )
    run.add_argument("spec", nargs="?", metavar="SPEC", help=SPEC_HELP)
    add_data_arguments(run)
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
        "--cache",
        nargs="?",
        const=str(default_cache_dir()),
        metavar="DIR",
        help="an image folder's decoded, resized images kept in DIR and read from there every "
        f"epoch (default DIR: {default_cache_dir()})",
    )
    run.add_argument(
        "--set",
        action="append",
        type=parse_setting,
        metavar="KEY=VALUE",
        help="any train: key, e.g. --set 'lr_decay={type: cosine}'",
    )


def _emit(sub: argparse._SubParsersAction) -> None:
    emit = _command(
        sub,
        "emit",
        "write a standalone TensorFlow training script",
        "Write one Python file that trains the network with TensorFlow, Keras and NumPy alone, "
        "never importing netspec: the spec's settings, the network with its shape rules as "
        "comments, the data its train: data: names, training, evaluation and saving; the same "
        "model, split, pipeline and optimizer as `netspec run`.",
        [
            "netspec emit lenet5 -o train_lenet5.py && python train_lenet5.py",
            "netspec emit alexnet --style tf -o train_alexnet.py",
            "netspec emit resnet18 --distribute -o train_resnet18.py",
        ],
    )
    emit.add_argument("spec", metavar="SPEC", help=SPEC_HELP)
    emit.add_argument("-o", "--output", metavar="FILE", help="script path (default: stdout)")
    emit.add_argument(
        "--style",
        choices=("keras", "tf"),
        default="keras",
        help="keras layers (default) or explicit tf.nn ops and GradientTape",
    )
    emit.add_argument(
        "--distribute",
        action="store_true",
        help="add --strategy (tf.distribute: mirrored GPUs, multi-worker) to a keras-style script",
    )
    emit.add_argument("--force", action="store_true", help="overwrite an existing FILE")


def _reuse(sub: argparse._SubParsersAction) -> None:
    evaluate = _command(
        sub,
        "evaluate",
        "evaluate a finished run on a test split",
        "Rebuild a run's model from its saved spec, load its weights and report the test "
        "accuracy and loss (on the run's own data unless --data names other data).",
        ["netspec evaluate runs/lenet5-20261201-101500"],
    )
    evaluate.add_argument("run", metavar="RUN", help="a run folder written by netspec run")
    add_data_arguments(evaluate)
    predict = _command(
        sub,
        "predict",
        "classify images with a finished run",
        "Classify image files with a run's model, resized the way training resized them, and "
        "print the most likely classes with their probabilities.",
        ["netspec predict runs/catsdogs-20261201-101500 cat.jpg dog.png --top 2"],
    )
    predict.add_argument("run", metavar="RUN", help="a run folder written by netspec run")
    predict.add_argument("images", nargs="+", metavar="IMAGE", help="image files to classify")
    predict.add_argument(
        "--top", type=positive_int, default=3, help="classes shown per image (default 3)"
    )


def _editors(sub: argparse._SubParsersAction) -> None:
    _command(
        sub,
        "lsp",
        "a language server over stdio: shapes, errors and hovers in your editor",
        "Serve the Language Server Protocol on stdin/stdout: diagnostics as you type, each "
        "layer's output shape as an inlay hint, hovers with the rule and MACs, completion of "
        "kinds and keys. Start it from your editor (see the README); needs netspec[lsp].",
        ["netspec lsp   # run by the editor, not by hand"],
    )
    serve = _command(
        sub,
        "serve",
        "a local page: edit a spec, see the check table and the picture as you type",
        "Serve a page on 127.0.0.1: the spec in an editor, the check table and the picture "
        "beside it, updated as you type. With SPEC, Save writes it back; without, start from a "
        "shipped example.",
        ["netspec serve", "netspec serve my-net.yaml --port 8000"],
    )
    serve.add_argument("spec", nargs="?", metavar="SPEC", help="the spec file to edit")
    serve.add_argument(
        "--port", type=port_number, default=8765, metavar="N", help="port (default 8765)"
    )
    serve.add_argument("--open", action="store_true", help="open the page in a browser")
    _command(
        sub,
        "schema",
        "print the JSON Schema of the spec language",
        "Print the JSON Schema of the spec language, for editors' YAML support.",
        ["netspec schema > netspec.schema.json"],
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netspec",
        description="Check declarative CNN specs statically and compile them to TensorFlow.",
        epilog="examples:\n  netspec check vgg16\n  netspec run lenet5 --data fashion-mnist\n"
        "  netspec draw resnet50 -o resnet50.svg\n\nSee netspec COMMAND --help.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"netspec {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for add in (_check, _specs, _draw, _run, _emit, _reuse, _editors):
        add(sub)
    return parser
