"""`python -m nlp tag IN.jsonl -o OUT.jsonl`, `python -m nlp evaluate GOLD.jsonl`, `python -m nlp corpus build|agreement`."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import nullcontext


def _open(path: str, mode: str):
    if path == "-":
        return nullcontext(sys.stdin if "r" in mode else sys.stdout)
    return open(path, mode, encoding="utf-8")


def cmd_tag(args) -> int:
    from nlp.tagger import ArticleTagger

    tagger = ArticleTagger()
    count = bad = 0
    with _open(args.input, "r") as src, _open(args.output, "w") as dst:
        batch: list[dict] = []

        def flush():
            for record, result in zip(batch, tagger.tag_many(batch), strict=True):
                if "_unreadable" in record:
                    result["skipped"] = record["_unreadable"]
                if args.compact:
                    result.pop("pipeline_version", None)
                dst.write(json.dumps(result, ensure_ascii=False) + "\n")
            batch.clear()

        for lineno, line in enumerate(src, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError("not a JSON object")
            except ValueError as exc:
                print(f"line {lineno}: skipped: {exc}", file=sys.stderr)
                bad += 1
                # keep one output line per input line, so outputs can be zipped with inputs
                record = {"id": None, "text": "", "_unreadable": f"unreadable: line {lineno}: {exc}"}
            batch.append(record)
            count += 1
            if len(batch) >= 64:
                flush()
        flush()
    print(f"tagged {count} records ({bad} unreadable lines skipped), pipeline {tagger.version}", file=sys.stderr)
    return 0


def cmd_evaluate(args) -> int:
    from nlp.corpus import PoolMissing
    from nlp.evaluate import evaluate_file, format_report

    try:
        report = evaluate_file(args.gold, lang=args.lang)
        baseline = evaluate_file(args.gold, baseline=True, lang=args.lang)
    except PoolMissing as exc:
        print(exc)
        return 0
    print(format_report(report, baseline))
    if args.errors:
        for error in report["errors"]:
            print(json.dumps(error, ensure_ascii=False, default=str))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"tagger": report, "keyword_rule": baseline}, fh, indent=2, default=str)
    return 0


def cmd_corpus(args) -> int:
    from nlp import corpus

    if args.action == "build":
        summary = corpus.build(args.files)
        for problem in summary["problems"]:
            print(f"warning: {problem}", file=sys.stderr)
        print(f"corpus: {summary['counts']} items in {summary['stories']} stories, "
              f"{len(summary['problems'])} warnings")
        return 0
    from nlp.agreement import agreement_report

    print(agreement_report(args.files[:-1], args.files[-1]))
    return 0


def cmd_train_relevance(args) -> int:
    from nlp.corpus import PoolMissing
    from nlp.train_relevance import train

    try:
        train()
    except PoolMissing as exc:
        print(exc)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    tag = sub.add_parser("tag", help="tag JSONL articles")
    tag.add_argument("input", help="input JSONL, - for stdin")
    tag.add_argument("-o", "--output", default="-", help="output JSONL, - for stdout")
    tag.add_argument("--compact", action="store_true", help="omit the pipeline version from each line")
    tag.set_defaults(func=cmd_tag)
    ev = sub.add_parser("evaluate", help="precision/recall/F1 against a gold JSONL")
    ev.add_argument("gold")
    ev.add_argument("--json", help="also write the report as JSON here")
    ev.add_argument("--baseline", action="store_true", help="(always on) the keyword rule is scored in the same run")
    ev.add_argument("--lang", help="only items of this language (en, ru, hi)")
    ev.add_argument("--errors", action="store_true", help="print every wrong article as a JSON line")
    ev.set_defaults(func=cmd_evaluate)
    co = sub.add_parser("corpus", help="build nlp/corpus/ from annotation files, or compare two annotators")
    co.add_argument("action", choices=["build", "agreement"])
    co.add_argument("files", nargs="+", help="build: annotation JSONL files; agreement: FIRST... SECOND")
    co.set_defaults(func=cmd_corpus)
    tr = sub.add_parser("train-relevance", help="train and calibrate the relevance classifier (make model)")
    tr.set_defaults(func=cmd_train_relevance)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
