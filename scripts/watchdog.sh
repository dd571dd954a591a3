#!/usr/bin/env bash
# Usage: scripts/watchdog.sh <seconds> <step name> <command> [arguments...]
#
# Runs the command in a session of its own and stops it when it has not finished after
# <seconds>, saying which step it was. A hung test run then fails instead of hanging CI.
#
# Why not just `timeout`: `swift test` starts the test binary in a process group of its own, so
# `timeout` stops `swift test` and leaves the (hung) test process running; a session holds
# both, and every process the tests started. On the deadline the test processes get SIGTERM
# first, so `swift test` can still print what it collected (e.g. which test exceeded its
# `.timeLimit`), then everything left in the session gets SIGKILL.
set -u

if [ $# -lt 3 ]; then
    echo "usage: $0 <seconds> <step name> <command> [arguments...]" >&2
    exit 2
fi
limit=$1
step=$2
shift 2

# The processes of session $1, except its leader.
members() {
    local stat rest
    for stat in /proc/[0-9]*/stat; do
        read -r rest < "$stat" 2>/dev/null || continue
        rest=${rest##*) }                     # after "pid (comm) ": state ppid pgrp session ...
        read -r _ _ _ session _ <<< "$rest"
        local pid=${stat#/proc/}
        pid=${pid%/stat}
        if [ "$session" = "$1" ] && [ "$pid" != "$1" ]; then echo "$pid"; fi
    done
}

stop_session() {
    local pids
    pids=$(members "$leader")
    # shellcheck disable=SC2086
    [ -n "$pids" ] && kill -TERM $pids 2>/dev/null
    # Up to 15 s for `swift test` to report and end by itself.
    for _ in $(seq 1 15); do
        kill -0 "$leader" 2>/dev/null || break
        sleep 1
    done
    pids=$(members "$leader")
    # shellcheck disable=SC2086
    [ -n "$pids" ] && kill -KILL $pids 2>/dev/null
    kill -KILL "$leader" 2>/dev/null
}

# In a non-interactive shell a background job is no process-group leader, so setsid makes the
# command itself the leader of a new session: its pid is the session id.
setsid "$@" &
leader=$!
trap 'stop_session; exit 130' INT TERM

sleep "$limit" &
sleeper=$!
wait -n "$leader" "$sleeper"
if kill -0 "$leader" 2>/dev/null; then
    echo "" >&2
    echo "watchdog: step '$step' did not finish within $limit s; stopping it." >&2
    echo "watchdog: look above for 'Time limit was exceeded' to find the test that hung." >&2
    stop_session
    wait "$leader" 2>/dev/null
    echo "watchdog: step '$step' was stopped after $limit s." >&2
    exit 124
fi
kill "$sleeper" 2>/dev/null
wait "$leader"
