#!/usr/bin/env bash
# What a newcomer waits for: from a fresh clone, `make run` until the login page answers 200.
# Creating the venv is included; pip's cache (or PIP_FIND_LINKS) is assumed warm.
#
#   bench/make_run.sh              clone the repository's HEAD
#   bench/make_run.sh --worktree   copy the working tree instead (tracked and new, unignored
#                                  files: what the next commit would hold)
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
MODE="${1:-clone}"
TIMEOUT="${TIMEOUT:-900}"
WORK="$(mktemp -d)"
LOG="$WORK/make-run.log"
PID=""

cleanup() {
  if [[ -n "$PID" ]]; then
    kill -TERM -- "-$PID" 2>/dev/null || true  # make, runserver and the Celery worker
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
seconds_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

started="$(now_ms)"
case "$MODE" in
  clone) git clone --quiet "$REPO" "$WORK/repo" ;;
  --worktree)
    mkdir "$WORK/repo"
    git -C "$REPO" ls-files -z --cached --others --exclude-standard \
      | (cd "$REPO" && xargs -0 cp --parents -t "$WORK/repo" 2>/dev/null || true)
    ;;
  *) echo "usage: $0 [--worktree]" >&2; exit 2 ;;
esac
echo "source ready ($MODE) in $(seconds_since "$started") s"

cd "$WORK/repo"
run_started="$(now_ms)"
# The embedded defaults (SQLite, filesystem queue) whatever this shell points at; setsid gives
# make its own process group, so that cleanup stops everything it started.
env -u DATABASE_URL -u REDIS_URL -u VIRTUAL_ENV setsid make run PORT="$PORT" >"$LOG" 2>&1 &
PID=$!

url="http://127.0.0.1:$PORT/tai-khoan/login/"
deadline=$((SECONDS + TIMEOUT))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" == 200 ]]; do
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "make run stopped before the login page answered:" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
  if ((SECONDS > deadline)); then
    echo "no answer from $url after $TIMEOUT s:" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
  sleep 0.2
done
echo "make run: $url answered 200 after $(seconds_since "$run_started") s" \
  "($(seconds_since "$started") s including the $MODE)"
