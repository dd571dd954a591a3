#!/usr/bin/env python3
"""Reference oracle for the CronSchedule differential test.

Reads one JSON document on stdin:
    {"cases": [{"id": 0, "expression": "*/5 * * * *", "zone": "Europe/Berlin",
                "start": 1700000000, "count": 10, "day_or": true}, ...]}
and prints one JSON document on stdout:
    {"croniter": "6.0.0", "results": [{"id": 0, "times": [1700000100, ...]}
                                      | {"id": 0, "error": "..."}, ...]}

Times are whole seconds since the Unix epoch; each list holds the `count` slots strictly after
`start`, computed by croniter in the given IANA zone. `day_or` is croniter's switch for how
day-of-month and day-of-week combine (the caller decides it per expression).
"""
import importlib.metadata
import json
import sys
from datetime import datetime

import pytz

from croniter import croniter


def run_case(case):
    # pytz zones: croniter localizes and normalizes with them; with zoneinfo it keeps the start's
    # UTC offset across later DST changes, which is a croniter problem, not a semantic difference.
    zone = pytz.timezone(case["zone"])
    start = datetime.fromtimestamp(case["start"], zone)
    iterator = croniter(case["expression"], start, day_or=case.get("day_or", True))
    return [int(iterator.get_next(float)) for _ in range(case["count"])]


def run_safely(case):
    try:
        return {"id": case["id"], "times": run_case(case)}
    except Exception as error:  # report per case, keep going
        return {"id": case["id"], "error": f"{type(error).__name__}: {error}"}


def main():
    request = json.load(sys.stdin)
    results = [run_safely(case) for case in request["cases"]]
    version = importlib.metadata.version("croniter")
    json.dump({"croniter": version, "results": results}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
