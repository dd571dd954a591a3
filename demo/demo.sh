#!/usr/bin/env bash
# make demo: the operator against the embedded KubeSim, with a workload that shows every alert
# within about three minutes. Ctrl-C stops everything. DEMO_DURATION=<seconds> stops by itself.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${DEMO_BIN:-$ROOT/.build/debug}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cronmonitor-demo.XXXXXX")"
KUBECONFIG_PATH="$WORK/kubeconfig"
KUBECTL=(kubectl --kubeconfig "$KUBECONFIG_PATH" --cache-dir "$WORK/kube-cache")
PIDS=()

stop() {
  trap - INT TERM EXIT
  echo
  echo "stopping the demo..."
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "stopped. Logs: $WORK/operator.log and $WORK/kubesim.log"
}
trap stop INT TERM EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "== starting KubeSim (the embedded Kubernetes API simulator)"
"$BIN/kubesim" --kubeconfig-out "$KUBECONFIG_PATH" --log-level warning >"$WORK/kubesim.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$KUBECONFIG_PATH" ] && break; sleep 0.1; done
[ -s "$KUBECONFIG_PATH" ] || { echo "KubeSim did not start; see $WORK/kubesim.log" >&2; exit 1; }

echo "== applying the CronMonitor CRD and the demo workload (demo/manifests.yaml)"
"${KUBECTL[@]}" apply -f "$ROOT/config/crd/bases/cronmonitor.io_cronmonitors.yaml" >/dev/null
"${KUBECTL[@]}" apply -f "$ROOT/demo/manifests.yaml" >/dev/null

METRICS_PORT="$(free_port)"
PROBE_PORT="$(free_port)"
DASHBOARD_PORT="${DEMO_DASHBOARD_PORT:-$(free_port)}"
echo "== starting cronmonitor-operator (logs: $WORK/operator.log)"
"$BIN/cronmonitor-operator" --kubeconfig "$KUBECONFIG_PATH" --log-format text \
  --metrics-bind-address "127.0.0.1:$METRICS_PORT" --health-probe-bind-address "127.0.0.1:$PROBE_PORT" \
  --dashboard-bind-address "127.0.0.1:$DASHBOARD_PORT" >"$WORK/operator.log" 2>&1 &
PIDS+=($!)

cat <<INFO

  Dashboard: http://127.0.0.1:$DASHBOARD_PORT/

  Try it from another terminal:
    export KUBECONFIG=$KUBECONFIG_PATH
    kubectl get cronmonitors -n demo            (-o wide adds LAST RUN and NEXT RUN)
    kubectl describe cronmonitor flaky -n demo

  The per-monitor metrics (zeros left out):
    curl -s http://127.0.0.1:$METRICS_PORT/metrics \\
      | grep -E '^cronmonitor_(health|runs_total|consecutive_failures|active_runs)[{]' | grep -Ev ' 0(\.0)?\$' | sort

  Logs: $WORK/operator.log (the operator), $WORK/kubesim.log (KubeSim)

INFO

# Two Jobs from "another scheduler" for the same slot: a duplicate run.
SLOT="$(date -u +%Y-%m-%dT%H:%M:00Z)"
for name in etl-first etl-second; do
  # (the first run ends before the second starts: a duplicate, not an overlap)
  "${KUBECTL[@]}" create -f - >/dev/null <<JOB
apiVersion: batch/v1
kind: Job
metadata:
  name: $name
  namespace: demo
  labels: {app: etl}
  annotations:
    batch.kubernetes.io/cronjob-scheduled-timestamp: "$SLOT"
    kubesim.cronmonitor.io/outcome: succeed
    kubesim.cronmonitor.io/run-seconds: "1"
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: etl, image: busybox}]
JOB
  sleep 4
done

echo "== Events as the operator emits them (kubectl get events --watch, about CronMonitors only)"
# kubectl sizes a watch's columns per line; printf gives every line the same widths.
EVENT_COLUMNS='%-8s %-16s %-11s %-20s %s\n'
# shellcheck disable=SC2059
printf "$EVENT_COLUMNS" TYPE REASON MONITOR JOB NOTE
"${KUBECTL[@]}" get events.v1.events.k8s.io -n demo --watch --no-headers \
  -o custom-columns='KIND:.regarding.kind,TYPE:.type,REASON:.reason,MONITOR:.regarding.name,JOB:.related.name,NOTE:.note' \
  | while read -r kind type reason monitor job note; do
      # shellcheck disable=SC2059
      if [ "$kind" = CronMonitor ]; then printf "$EVENT_COLUMNS" "$type" "$reason" "$monitor" "$job" "$note"; fi
    done &
PIDS+=($!)

# Once flaky has failed, fix its Job template: its next run succeeds and the monitor recovers.
(
  until "${KUBECTL[@]}" get events.v1.events.k8s.io -n demo -o jsonpath='{.items[*].reason}' 2>/dev/null \
      | grep -q RunFailed; do sleep 2; done
  "${KUBECTL[@]}" patch cronjob flaky -n demo --type merge \
    -p '{"spec":{"jobTemplate":{"metadata":{"annotations":{"kubesim.cronmonitor.io/outcome":"succeed"}}}}}' >/dev/null
  echo "-- demo: fixed CronJob flaky (its next run succeeds)"
) &
PIDS+=($!)

# The monitors, every 20 s.
(
  while true; do
    sleep 20
    echo "-- kubectl get cronmonitors -n demo ($(date -u +%H:%M:%S))"
    "${KUBECTL[@]}" get cronmonitors -n demo || true
  done
) &
PIDS+=($!)

if [ -n "${DEMO_DURATION:-}" ]; then
  sleep "$DEMO_DURATION"
else
  wait
fi
