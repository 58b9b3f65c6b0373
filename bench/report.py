"""The results table in bench/README.md, rewritten between two marker lines from bench/results/*.json."""

import json

from .context import BENCH_DIR, RESULTS_DIR

START, END = "<!-- results:start -->", "<!-- results:end -->"
VERDICT = {True: "✅ met", False: "❌ not met", None: ""}


def table():
    lines = ["| measurement | result | target | |", "| --- | ---: | ---: | --- |"]
    for path in sorted(RESULTS_DIR.glob("*.json")):
        result = json.loads(path.read_text())
        if "summary" not in result:
            continue  # written by a script not (yet) registered in measurements.MODULES
        lines.append(f"| **{result.get('title', path.stem)}** · {result.get('ran_at', '')} | | | |")
        for what, value, target, met in result.get("summary", []):
            lines.append(f"| {what} | {value} | {target} | {VERDICT[met]} |")
    return "\n".join(lines)


def write_readme_table():
    readme = BENCH_DIR / "README.md"
    text = readme.read_text() if readme.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    readme.write_text(f"{head}{START}\n{table()}\n{END}{tail}")
