"""The command line: the only module that prints or exits (the grammar is in cli_args.py).

Heavy modules (TensorFlow, jinja2) are imported inside the commands that need them, so
`netspec check` stays pure Python and fast; usage and path errors are found before TensorFlow
is imported, so they come in well under a second.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from netspec.cli_args import TRAIN_FLAGS, build_parser
from netspec.errors import DataError, Diagnostic, NetspecError, SpecError, UsageError

if TYPE_CHECKING:
    from netspec.model import Network

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def load_spec(argument: str) -> object:
    """The Network of a SPEC argument: a file, or a shipped spec's name."""
    from netspec.model import load_network
    from netspec.shipped import resolve_spec, unknown_spec_hint

    try:
        return load_network(resolve_spec(argument))
    except SpecError as exc:
        hint = unknown_spec_hint(argument)
        first = exc.diagnostics[0]
        if hint and first.message.startswith("cannot read spec: no such file"):
            raise SpecError([Diagnostic(first.message, first.file, hint=hint)]) from None
        raise


def json_failure(path: str, exc: SpecError) -> str:
    """An invalid spec for `check --format json`: its diagnostics as one JSON object."""
    diagnostics = [
        {
            "file": d.file,
            "line": d.position.line if d.position else None,
            "column": d.position.col if d.position else None,
            "layer": d.layer,
            "message": d.message,
            "hint": d.hint,
            "severity": d.severity,
        }
        for d in exc.diagnostics
    ]
    return json.dumps({"file": path, "valid": False, "diagnostics": diagnostics})


def cmd_check(args: argparse.Namespace) -> int:
    from netspec.report import json_line, table
    from netspec.shapes import analyze

    outputs: list[str] = []
    for path in args.specs:
        try:
            network = load_spec(path)
            if args.input:
                network = network.with_input(args.input)  # type: ignore[attr-defined]
            report = analyze(network, batch=args.batch)  # type: ignore[arg-type]
        except SpecError as exc:
            if args.debug:
                raise
            args.exit_status = EXIT_INVALID  # kept even if the reader of the output goes away
            print(exc.render(), file=sys.stderr)
            if args.format == "json":
                outputs.append(json_failure(path, exc))
            continue
        for warning in report.warnings:
            print(warning.render(), file=sys.stderr)
        outputs.append(json_line(report) if args.format == "json" else table(report))
    separator = "\n" if args.format == "json" else "\n\n"
    if outputs:
        print(separator.join(outputs))
    return int(getattr(args, "exit_status", EXIT_OK))


def cmd_specs(args: argparse.Namespace) -> int:
    from netspec.shipped import shipped_specs, shipped_text
    from netspec.write import write_new_text

    if args.name is None:
        if args.output:
            raise UsageError("name the spec to copy: netspec specs NAME -o FILE")
        from netspec.layers.base import fmt_shape
        from netspec.model import load_network
        from netspec.report import human_count
        from netspec.shapes import analyze

        listed = shipped_specs()
        width = max(len(spec.name) for spec in listed)
        for spec in listed:
            report = analyze(load_network(spec.path))
            shape = fmt_shape(report.network.input)
            params = human_count(report.total_params)
            print(f"{spec.name.ljust(width)}  {shape:>9}  {params:>8} params  {spec.summary}")
        return EXIT_OK
    text = shipped_text(args.name)
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    target = write_new_text(Path(args.output), text, force=args.force)
    print(f"wrote {target}; check it with: netspec check {target}")
    return EXIT_OK


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
    from netspec.shipped import shipped_path

    if args.spec and not Path(args.spec).exists() and shipped_path(args.spec):
        # Save would write into netspec's own copy: edit a copy of it instead.
        raise UsageError(
            f"{args.spec} is a shipped spec; edit a copy: netspec specs {args.spec} -o "
            f"{args.spec}.yaml && netspec serve {args.spec}.yaml (or run netspec serve and "
            "pick it from the list)"
        )
    return serve(args.spec, port=args.port, open_browser=args.open)


def cmd_schema(args: argparse.Namespace) -> int:
    from netspec.schema import schema_json

    print(schema_json())
    return EXIT_OK


def cmd_draw(args: argparse.Namespace) -> int:
    from netspec.draw import draw_to_file
    from netspec.shapes import analyze

    network = load_spec(args.spec)
    if args.input:
        network = network.with_input(args.input)  # type: ignore[attr-defined]
    report = analyze(network)  # type: ignore[arg-type]
    for warning in report.warnings:
        print(warning.render(), file=sys.stderr)
    written = draw_to_file(report, args.output)
    print(f"wrote {written}")
    return EXIT_OK


def require_tensorflow(command: str) -> None:
    """run, evaluate and predict train or load models: say which extra to install, in one line."""
    if importlib.util.find_spec("tensorflow") is None:
        raise UsageError(
            f"netspec {command} needs TensorFlow, which is not installed: "
            "pip install 'netspec[train]'"
        )


def check_data_and_run(args: argparse.Namespace) -> None:
    """Paths a command will read, checked before TensorFlow is imported."""
    from netspec import datasets
    from netspec.training import load_run

    run_folder = getattr(args, "run", None) or getattr(args, "resume", None)
    if run_folder:
        load_run(run_folder)
    if getattr(args, "data", None):
        try:
            datasets.check_data_source(args.data)
        except datasets.DataError as exc:  # the loader's own, as emitted scripts carry it
            raise DataError(str(exc)) from None


def default_data(network: Network | None) -> str:
    """The named set the spec's train: data: names, for a run without --data."""
    from netspec.schema import NAMED_SETS

    kind = network.train.data if network else None
    if kind in NAMED_SETS:
        return kind
    if kind == "image-folder":
        raise UsageError("this spec trains on an image folder (train: data:): name it with --data")
    if kind == "npz":
        raise UsageError("this spec trains on an .npz file (train: data:): name it with --data")
    raise UsageError(
        "name the data with --data mnist|fashion-mnist|cifar10|PATH, or give the spec "
        "train: data: NAME"
    )


def cmd_run(args: argparse.Namespace) -> int:
    if not args.spec and not args.resume:
        raise UsageError("name a SPEC to train, or an earlier run to continue with --resume RUN")
    if args.resume and (args.spec or args.out):
        raise UsageError(
            "--resume RUN continues RUN with its own spec, in its own folder: "
            "leave out SPEC and --out"
        )
    if args.strategy == "multi-worker":
        from netspec.distribute import read_tf_config

        read_tf_config()  # a usage error (exit 2) comes before any path is read
    network = load_spec(args.spec) if args.spec else None
    if not args.data and not args.resume:
        args.data = default_data(network)
    check_data_and_run(args)
    require_tensorflow("run")
    from netspec.training import RunOptions, run

    options = RunOptions(
        data=args.data,
        data_dir=args.data_dir,
        out=args.out,
        resume=args.resume,
        overrides={name: getattr(args, name) for name, _, _ in TRAIN_FLAGS},
        settings=dict(args.set or []),
        strategy=args.strategy,
        worker_timeout=args.worker_timeout,
        cache=args.cache,
    )
    result = run(network, options, log=lambda text: print(text, flush=True))  # type: ignore[arg-type]
    for note in result.notes:
        print(f"note: {note}")
    m = result.metrics
    print(
        f"test accuracy {m['test_accuracy']:.4f}, test loss {m['test_loss']:.4f} "
        f"({m['test_images']:,} images)"
        + (f"; {m['images_per_second']:,.0f} images/s" if m["images_per_second"] else "")
    )
    print(f"run saved in {result.run_dir}")
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    check_data_and_run(args)
    require_tensorflow("evaluate")
    from netspec.reuse import evaluate

    metrics = evaluate(args.run, args.data, args.data_dir)
    print(
        f"test accuracy {metrics['test_accuracy']:.4f}, test loss {metrics['test_loss']:.4f} "
        f"({metrics['test_images']:,} images)"
    )
    return EXIT_OK


def cmd_predict(args: argparse.Namespace) -> int:
    check_data_and_run(args)
    for image in map(Path, args.images):
        if not image.exists():
            raise UsageError(f"{image}: no such image file")
        if not image.is_file():  # a folder, a FIFO or a device would block or mislead
            raise UsageError(f"{image}: not a regular file; predict reads image files only")
    require_tensorflow("predict")
    from netspec.reuse import predict

    for image, ranked in predict(args.run, args.images, top=args.top):
        best = ", ".join(f"{name} {p:.1%}" for name, p in ranked)
        shown = image if image.isprintable() else ascii(image)  # one line per image, always
        print(f"{shown}: {best}")
    return EXIT_OK


def cmd_emit(args: argparse.Namespace) -> int:
    from netspec.backends.script import render_script
    from netspec.schema import NAMED_SETS
    from netspec.write import write_new_text

    network = load_spec(args.spec)
    text = render_script(network, args.style, args.distribute)  # type: ignore[arg-type]
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.output)
    if target.is_dir():
        name = "train_" + network.name.replace("-", "_") + ".py"  # type: ignore[attr-defined]
        raise UsageError(f"{target} is a folder; give the script's file name, e.g. {target / name}")
    write_new_text(target, text, force=args.force)
    data = "" if network.train.data in NAMED_SETS else " --data ..."  # type: ignore[attr-defined]
    print(f"wrote {target} ({args.style} style); train with: python {target}{data}")
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": cmd_check,
    "specs": cmd_specs,
    "lsp": cmd_lsp,
    "serve": cmd_serve,
    "schema": cmd_schema,
    "draw": cmd_draw,
    "run": cmd_run,
    "emit": cmd_emit,
    "evaluate": cmd_evaluate,
    "predict": cmd_predict,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # TensorFlow's C++ info and warning lines are noise to a user; its errors are not (the
    # known start-up lines among them are dropped by netspec.quiet). --debug shows everything.
    if args.debug:
        os.environ["TF_CPP_MIN_LOG_LEVEL"] = "0"
    else:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        return int(HANDLERS[args.command](args))
    except NetspecError as exc:
        if args.debug:
            raise
        print(
            f"netspec: {exc.render()}" if not isinstance(exc, SpecError) else exc.render(),
            file=sys.stderr,
        )
        return exc.exit_code
    except BrokenPipeError:
        # The reader (head, less) went away: not an error in itself, but what the command
        # found so far (an invalid spec) still decides the exit status. Point stdout and
        # stderr at devnull so Python's own flush at exit does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.dup2(devnull, sys.stderr.fileno())
        return int(getattr(args, "exit_status", EXIT_OK))
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
