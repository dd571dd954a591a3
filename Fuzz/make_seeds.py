#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into OUT/<target>/ (run by `make fuzz`).

Watch, patch and projection seeds are built from the Kubernetes API fixtures in FIXTURES; cron and
kubeconfig seeds are the small files committed under Fuzz/seeds/.
"""
import json
import pathlib
import shutil
import sys


def compact(value):
    return json.dumps(value, separators=(",", ":"), sort_keys=True).encode()


# A Job as the API server returns one, without its pod template (the watch and projection seeds).
SMALL_JOB = {
    "apiVersion": "batch/v1", "kind": "Job",
    "metadata": {"name": "backup-28000000", "namespace": "default", "resourceVersion": "7",
                 "creationTimestamp": "2024-03-10T02:00:00Z",
                 "labels": {"app": "backup"}, "annotations": {"batch.kubernetes.io/cronjob-scheduled-timestamp": "2024-03-10T02:00:00Z"},
                 "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob", "name": "backup", "uid": "u1", "controller": True}]},
    "spec": {"template": {"spec": {"containers": [], "restartPolicy": "Never"}}},
    "status": {"startTime": "2024-03-10T02:00:01Z", "completionTime": "2024-03-10T02:01:00.123456Z", "succeeded": 1,
               "conditions": [{"type": "Complete", "status": "True", "lastTransitionTime": "2024-03-10T02:01:00Z"}]},
}


def write(directory, name, data):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data)


def watch_seeds(out, fixtures):
    job = json.loads((fixtures / "batch.v1.Job.json").read_text())
    trimmed = trimmed_job(job)
    bookmark = {"type": "BOOKMARK", "object": {"kind": "Job", "apiVersion": "batch/v1",
                "metadata": {"resourceVersion": "12", "annotations": {"k8s.io/initial-events-end": "true"}}}}
    gone = {"type": "ERROR", "object": {"kind": "Status", "apiVersion": "v1", "status": "Failure",
            "message": "too old resource version: 1 (12)", "reason": "Expired", "code": 410}}

    def line(kind, obj):
        return compact({"type": kind, "object": obj}) + b"\n"

    bodies = {
        "fixture-added": line("ADDED", job),
        "fixture-trimmed": line("ADDED", trimmed) + line("MODIFIED", trimmed),
        "small-lifecycle": line("ADDED", SMALL_JOB) + line("MODIFIED", SMALL_JOB) + line("DELETED", SMALL_JOB),
        "bookmark": line("ADDED", SMALL_JOB) + compact(bookmark) + b"\n",
        "gone": line("ADDED", SMALL_JOB) + compact(gone) + b"\n",
        "crlf-and-blank": line("ADDED", SMALL_JOB).replace(b"\n", b"\r\n") + b"\n" + line("MODIFIED", SMALL_JOB),
        "truncated": line("ADDED", SMALL_JOB)[:-20],
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


def trimmed_pod(pod):
    """The fixture Pod with only the members of its spec the Pod model holds (27 KB less)."""
    trimmed = {key: value for key, value in pod.items() if key != "spec"}
    trimmed["spec"] = {key: pod["spec"][key] for key in ("nodeName", "restartPolicy")}
    return trimmed


def projection_seeds(out, fixtures):
    """Whole documents for the Job and Pod projection readers (each input is read as both)."""
    job = json.loads((fixtures / "batch.v1.Job.json").read_text())
    pod = json.loads((fixtures / "core.v1.Pod.json").read_text())
    cron_job = json.loads((fixtures / "batch.v1.CronJob.json").read_text())
    small_pod = {
        "kind": "Pod", "apiVersion": "v1",
        "metadata": {"name": "backup-28000000-x7k2p", "namespace": "default", "uid": "p1", "resourceVersion": "9",
                     "labels": {"batch.kubernetes.io/controller-uid": "u2", "batch.kubernetes.io/job-name": "backup-28000000"},
                     "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": "backup-28000000", "uid": "u2",
                                          "controller": True, "blockOwnerDeletion": True}]},
        "spec": {"nodeName": "n7", "restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox"}]},
        "status": {"phase": "Failed", "startTime": "2024-03-10T02:00:01Z",
                   "conditions": [{"type": "Ready", "status": "False", "reason": "PodFailed",
                                   "lastTransitionTime": "2024-03-10T02:01:00Z"}],
                   "containerStatuses": [{"name": "main", "ready": False, "restartCount": 2, "lastState": {},
                                          "state": {"terminated": {"exitCode": 137, "reason": "OOMKilled",
                                                                   "finishedAt": "2024-03-10T02:01:00Z"}}}]},
    }
    documents = {
        "job-fixture": compact(job),
        "job-trimmed": compact(trimmed_job(job)),
        "job-small": compact(SMALL_JOB),
        "job-small-indented": json.dumps(SMALL_JOB, indent=1).encode(),
        "job-template": compact(cron_job["spec"]["jobTemplate"]),
        "pod-fixture": compact(pod),
        "pod-trimmed": compact(trimmed_pod(pod)),
        "pod-small": compact(small_pod),
        "pod-small-indented": json.dumps(small_pod, indent=1).encode(),
        # Spellings the readers must take as JSONDecoder does, or refuse as documented.
        "escapes": rb'{"metadata":{"n\u0061me":"\u0061\/b\ud83d\ude00","labels":{"k":"\t\"v\\",}},"status":{"phase":"\u00e9"}}',
        "numbers": rb'{"spec":{"activeDeadlineSeconds":1E3,"backoffLimit":-0.0,"completions":10e-1},"status":{"active":2.0}}',
        "nulls": rb'{"metadata":{"name":null,"labels":null,"ownerReferences":null},"spec":null,"status":{"conditions":null}}',
        "repeated": rb'{"metadata":{"name":"a","name":"b"}}',
        "large-fraction": rb'{"spec":{"activeDeadlineSeconds":9007199254740993.0}}',
        "bom": b"\xef\xbb\xbf" + compact(SMALL_JOB),
    }
    for name, document in documents.items():
        write(out / "fuzz-projection", name, document)


def main():
    fixtures, seeds, out = (pathlib.Path(argument) for argument in sys.argv[1:4])
    shutil.rmtree(out, ignore_errors=True)
    watch_seeds(out, fixtures)
    patch_seeds(out, fixtures)
    projection_seeds(out, fixtures)
    for target in ("cron", "kubeconfig"):
        shutil.copytree(seeds / target, out / f"fuzz-{target}")


if __name__ == "__main__":
    main()
