"""Runs one benchmark task in a fresh process: `python -m bench.worker module:function '{"arg": 1}'`.

A fresh process per task gives a clean peak-memory figure (ru_maxrss) and lets each task choose its
database through DATABASE_URL. The result is printed as one JSON line after RESULT_MARK.
"""

import importlib
import json
import os
import resource
import sys

RESULT_MARK = "BENCH-RESULT "


def main(task, arguments):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    module, function = task.split(":")
    result = getattr(importlib.import_module(module), function)(**arguments) or {}
    result["process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(RESULT_MARK + json.dumps(result, ensure_ascii=False, default=str), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else {})
