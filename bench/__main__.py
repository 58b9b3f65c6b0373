"""python -m bench [NAME ...] [--rebuild] [--quick]: run the registered measurements and write the results.

Each measurement writes bench/results/<name>.json; the table in bench/README.md is rewritten from
every results file, so a measurement run alone keeps the others' rows.
"""

import argparse
import datetime
import json
import os
import platform
import sys
import time

from .context import DATA_DIR, RESULTS_DIR, Context
from .measurements import load_all
from .report import write_readme_table


def machine():
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}


def main(argv=None):
    measurements = load_all()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", choices=[[], *measurements], help="measurements to run (default: all)", metavar="NAME")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the large PostgreSQL data set")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    options = parser.parse_args(argv)
    DATA_DIR.mkdir(exist_ok=True)
    RESULTS_DIR.mkdir(exist_ok=True)
    context = Context(rebuild=options.rebuild, quick=options.quick)
    for name in options.names or list(measurements):
        chosen = measurements[name]
        context.log(f"== {chosen.name}: {chosen.title}")
        started = time.perf_counter()
        result = chosen.run(context)
        result.update({"measurement": chosen.name, "title": chosen.title, "ran_at": datetime.datetime.now().isoformat(timespec="seconds"), "seconds": round(time.perf_counter() - started, 1), "machine": machine()})
        (RESULTS_DIR / f"{chosen.name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        context.log(f"   done in {result['seconds']:.0f} s")
    write_readme_table()
    return 0


if __name__ == "__main__":
    sys.exit(main())
