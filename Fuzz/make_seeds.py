#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into OUT/<target>/ (run by `make fuzz`).

Watch and patch seeds are built from the Kubernetes API fixtures in FIXTURES; cron and
kubeconfig seeds are the small files committed under Fuzz/seeds/.
"""
import json
import pathlib
import shutil
import sys


def compact(value):
    return json.dumps(value, separators=(",", ":"), sort_keys=True).encode()


def write(directory, name, data):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data)


def watch_seeds(out, fixtures):
    job = json.loads((fixtures / "batch.v1.Job.json").read_text())
    trimmed = trimmed_job(job)
    small = {
        "apiVersion": "batch/v1", "kind": "Job",
        "metadata": {"name": "backup-28000000", "namespace": "default", "resourceVersion": "7",
                     "creationTimestamp": "2024-03-10T02:00:00Z",
                     "labels": {"app": "backup"}, "annotations": {"batch.kubernetes.io/cronjob-scheduled-timestamp": "2024-03-10T02:00:00Z"},
                     "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob", "name": "backup", "uid": "u1", "controller": True}]},
        "spec": {"template": {"spec": {"containers": [], "restartPolicy": "Never"}}},
        "status": {"startTime": "2024-03-10T02:00:01Z", "completionTime": "2024-03-10T02:01:00.123456Z", "succeeded": 1,
                   "conditions": [{"type": "Complete", "status": "True", "lastTransitionTime": "2024-03-10T02:01:00Z"}]},
    }
    bookmark = {"type": "BOOKMARK", "object": {"kind": "Job", "apiVersion": "batch/v1",
                "metadata": {"resourceVersion": "12", "annotations": {"k8s.io/initial-events-end": "true"}}}}
    gone = {"type": "ERROR", "object": {"kind": "Status", "apiVersion": "v1", "status": "Failure",
            "message": "too old resource version: 1 (12)", "reason": "Expired", "code": 410}}

    def line(kind, obj):
        return compact({"type": kind, "object": obj}) + b"\n"

    bodies = {
        "fixture-added": line("ADDED", job),
        "fixture-trimmed": line("ADDED", trimmed) + line("MODIFIED", trimmed),
        "small-lifecycle": line("ADDED", small) + line("MODIFIED", small) + line("DELETED", small),
        "bookmark": line("ADDED", small) + compact(bookmark) + b"\n",
        "gone": line("ADDED", small) + compact(gone) + b"\n",
        "crlf-and-blank": line("ADDED", small).replace(b"\n", b"\r\n") + b"\n" + line("MODIFIED", small),
        "truncated": line("ADDED", small)[:-20],
    }
    # The first byte of an input is the control byte: chunk sizes and line limit (see WatchBodyCheck).
    for name, body in bodies.items():
        # The whole fixture (28 KB, its spec is 27 KB) once: large inputs slow every run down.
        for control in ((0x35,) if name == "fixture-added" else (0x00, 0x35, 0xF2)):
            write(out / "fuzz-watch", f"{name}-{control:02x}", bytes([control]) + body)


def trimmed_job(job):
    """The fixture Job without its 27 KB pod template: small inputs keep the fuzzers fast."""
    trimmed = {key: value for key, value in job.items() if key != "spec"}
    trimmed["spec"] = {key: value for key, value in job["spec"].items() if key != "template"}
    return trimmed


def patch_seeds(out, fixtures):
    targets = {name: json.loads((fixtures / f"{name}.json").read_text())
               for name in ("coordination.k8s.io.v1.Lease",)}
    targets["batch.v1.Job-trimmed"] = trimmed_job(json.loads((fixtures / "batch.v1.Job.json").read_text()))
    patches = {
        "merge-labels": {"metadata": {"labels": {"cronmonitor.example.com/monitor": "backup"}, "annotations": None}},
        "merge-status": {"status": {"conditions": [{"type": "Healthy", "status": "True"}], "active": None}},
        "strategic-directives": {"metadata": {"$patch": "merge", "labels": {"$retainKeys": ["a"]}},
                                 "$setElementOrder/conditions": [{"type": "Ready"}]},
        "json-patch": [
            {"op": "test", "path": "/kind", "value": "Job"},
            {"op": "add", "path": "/metadata/labels/x~1y", "value": "z"},
            {"op": "add", "path": "/metadata/finalizers/-", "value": "fuzz"},
            {"op": "replace", "path": "/spec/parallelism", "value": 2},
            {"op": "copy", "from": "/metadata/name", "path": "/metadata/generateName"},
            {"op": "move", "from": "/metadata/generateName", "path": "/metadata/annotations/~0moved"},
            {"op": "remove", "path": "/status"},
        ],
        "json-patch-bad": [{"op": "remove", "path": "/no/such/member"}],
    }
    for target_name, target in targets.items():
        for patch_name, patch in patches.items():
            write(out / "fuzz-patch", f"{patch_name}-{target_name}", compact(patch) + b"\0" + compact(target))
    write(out / "fuzz-patch", "escapes",
          rb'{"s":"\u00e9\ud83d\ude00\n\"\\\/","n":[1.5e300,-0.0,12345678901234567890,1E2]}' + b"\0" + rb'{"s":null}')


def main():
    fixtures, seeds, out = (pathlib.Path(argument) for argument in sys.argv[1:4])
    shutil.rmtree(out, ignore_errors=True)
    watch_seeds(out, fixtures)
    patch_seeds(out, fixtures)
    for target in ("cron", "kubeconfig"):
        shutil.copytree(seeds / target, out / f"fuzz-{target}")


if __name__ == "__main__":
    main()
