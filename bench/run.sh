#!/usr/bin/env bash
# Builds the dispatcher, runs the benchmark scenarios described in bench/README.md against
# it on 127.0.0.1, and prints a Markdown table of the results. Everything it starts (the
# dispatcher, the peer stub, load generators, a PostgreSQL database) is stopped or dropped on
# exit. Output goes to bench/out/<timestamp>/.
#
# Settings (environment variables):
#   BENCH_QUICK=1          short durations and a 2,000-event backlog, for a smoke run
#   BENCH_APP_PORT         dispatcher port (default 18081)
#   BENCH_TWILIO_PORT      Twilio stub port (default 18082)
#   BENCH_REACH_TOWN_PORT  reach-town stub port (default 18083)
#   BENCH_JAVA17, BENCH_JAVA25   java binaries (default: java on PATH, Temurin 25)
#   BENCH_SKIP_BUILD=1     use the jar already in target/
#   BENCH_PROFILE=1        also record JFR during the scenario 3 H2 closed loop, the scenario 4
#                          drain and the scenario 2 virtual-thread run (profile-webhooks.txt,
#                          profile-drain.txt, profile-twilio.txt); this adds the recording's
#                          overhead to those three figures
#   BENCH_ONLY             space-separated parts to run, of: mock webhooks postgres twilio
#                          (default: all of them)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

APP_PORT="${BENCH_APP_PORT:-18081}"
TWILIO_PORT="${BENCH_TWILIO_PORT:-18082}"
REACH_TOWN_PORT="${BENCH_REACH_TOWN_PORT:-18083}"
JAVA17="${BENCH_JAVA17:-java}"
JAVA25="${BENCH_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
JAVA25_HOME="$(dirname "$(dirname "$JAVA25")")"
HDR_JAR="$HOME/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar"

# Durations in seconds, and the backlog size.
if [[ "${BENCH_QUICK:-0}" == 1 ]]; then
	WARMUP_S=2 CLOSED_S=3 OPEN_S=4 TWILIO_S=5 WEBHOOK_S=3 PROFILE_S=3 BACKLOG=2000
else
	WARMUP_S=15 CLOSED_S=10 OPEN_S=20 TWILIO_S=15 WEBHOOK_S=10 PROFILE_S=10 BACKLOG=20000
fi
SEND_RATE=1000
WEBHOOK_RATE=2000
TWILIO_CALLERS=1000
TWILIO_DELAY_MS=250

API_KEY="bench-api-key"
ACCOUNT_SID="AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN="bench-auth-token-0123456789abcdef"
PUBLIC_URL="http://127.0.0.1:$APP_PORT"
REACH_TOWN_URL="http://127.0.0.1:$REACH_TOWN_PORT"
H2_OPTIONS="MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE"
PG_DATABASE="dispatcher_bench_$$"

OUT="$ROOT/bench/out/$(date +%Y%m%d-%H%M%S)-$$"
RESULTS="$OUT/results.tsv"
TMP="$(mktemp -d /tmp/dispatcher-bench.XXXXXX)"
mkdir -p "$OUT/classes"

STARTED_PIDS=()
PG_CREATED=0
APP_PID=""

cleanup() {
	local status=$?
	for pid in "${STARTED_PIDS[@]}"; do
		if kill -0 "$pid" 2>/dev/null; then
			kill -TERM "$pid" 2>/dev/null || true
		fi
	done
	for pid in "${STARTED_PIDS[@]}"; do
		for _ in $(seq 1 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$pid" 2>/dev/null || true
	done
	if [[ $PG_CREATED == 1 ]]; then
		psql -h 127.0.0.1 -U postgres -q -c "drop database if exists $PG_DATABASE with (force)" >/dev/null 2>&1 || true
	fi
	rm -rf "$TMP"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() {
	printf '%s %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$OUT/run.log" >&2
}

fail() {
	log "FAILED: $*"
	exit 1
}

require_free_port() {
	if ss -ltnH "sport = :$1" | grep -q .; then
		fail "port $1 is in use; set BENCH_APP_PORT, BENCH_TWILIO_PORT or BENCH_REACH_TOWN_PORT to free ports"
	fi
}

# Appends one result row: scenario, variant, ok/s, p50 ms, p99 ms, max ms, ok/total, notes.
add_row() {
	local IFS=$'\t'
	printf '%s\n' "$*" >>"$RESULTS"
}

stub() {
	curl -fsS -X "$1" "$REACH_TOWN_URL/_stub/$2"
}

stub_value() {
	stub GET stats | awk -F= -v name="$1" '$1 == name { print $2 }'
}

# Starts the dispatcher and waits until GET /health returns 200.
# Usage: start_app NAME JAVA [NAME=VALUE ...] [-- APP_ARGUMENT ...]
# Sets APP_PID, APP_STARTUP_MS (launch to healthy) and APP_BOOT_S (Boot's own figure).
start_app() {
	local name=$1 java=$2
	shift 2
	local env_vars=() app_args=()
	while [[ $# -gt 0 && $1 != "--" ]]; do
		env_vars+=("$1")
		shift
	done
	[[ $# -gt 0 ]] && shift
	app_args=("$@")

	local data_dir="$TMP/h2-$name"
	mkdir -p "$data_dir"
	local started_at
	started_at=$(date +%s%N)
	env PORT="$APP_PORT" \
		DISPATCHER_API_KEYS="$API_KEY" \
		DISPATCHER_PUBLIC_URL="$PUBLIC_URL" \
		MOCK_PLAYBACK=false \
		TWILIO_ACCOUNT_SID="$ACCOUNT_SID" \
		TWILIO_AUTH_TOKEN="$AUTH_TOKEN" \
		TWILIO_WHATSAPP_FROM="+14155238886" \
		TWILIO_API_BASE_URL="http://127.0.0.1:$TWILIO_PORT" \
		REACH_TOWN_BASE_URL="$REACH_TOWN_URL" \
		REACH_TOWN_API_KEY="bench-reach-town-key" \
		SPRING_DATASOURCE_URL="jdbc:h2:file:$data_dir/dispatcher;$H2_OPTIONS" \
		"${env_vars[@]}" \
		"$java" -jar "$JAR" --server.address=127.0.0.1 --spring.profiles.active=bench "${app_args[@]}" \
		>"$OUT/app-$name.log" 2>&1 &
	APP_PID=$!
	STARTED_PIDS+=("$APP_PID")

	local deadline=$((SECONDS + 180))
	until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$PUBLIC_URL/health")" == 200 ]]; do
		kill -0 "$APP_PID" 2>/dev/null || fail "dispatcher '$name' exited during start-up; see $OUT/app-$name.log"
		((SECONDS < deadline)) || fail "dispatcher '$name' not healthy after 180 s; see $OUT/app-$name.log"
		sleep 0.1
	done
	APP_STARTUP_MS=$((($(date +%s%N) - started_at) / 1000000))
	APP_BOOT_S=$(grep -o 'Started DispatcherApplication in [0-9.]* seconds' "$OUT/app-$name.log" | awk '{print $4}')
	log "dispatcher '$name' healthy after ${APP_STARTUP_MS} ms (pid $APP_PID)"
}

stop_app() {
	[[ -n "$APP_PID" ]] || return 0
	kill -TERM "$APP_PID" 2>/dev/null || true
	for _ in $(seq 1 150); do
		kill -0 "$APP_PID" 2>/dev/null || break
		sleep 0.2
	done
	kill -KILL "$APP_PID" 2>/dev/null || true
	wait "$APP_PID" 2>/dev/null || true
	APP_PID=""
}

# Starts a JFR recording when BENCH_PROFILE=1. Usage: profile_start NAME
profile_start() {
	[[ "${BENCH_PROFILE:-0}" == 1 ]] || return 0
	jcmd "$APP_PID" JFR.start name="$1" settings=profile >/dev/null
}

# Stops a recording from profile_start and writes its summary to profile-NAME.txt.
profile_stop() {
	[[ "${BENCH_PROFILE:-0}" == 1 ]] || return 0
	jcmd "$APP_PID" JFR.stop name="$1" filename="$OUT/$1.jfr" >/dev/null
	"$JAVA25" -cp "$OUT/classes" JfrHot "$OUT/$1.jfr" 25 >"$OUT/profile-$1.txt"
}

rss_mb() {
	awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

loadgen() {
	"$JAVA25" -Xmx1g -cp "$OUT/classes:$HDR_JAR" LoadGen "$@" --url "$PUBLIC_URL" --api-key "$API_KEY" \
		--account-sid "$ACCOUNT_SID" --auth-token "$AUTH_TOKEN" --public-url "$PUBLIC_URL" --out "$RESULTS" \
		| tee -a "$OUT/run.log"
}

# Converts a wrk latency such as 812.00us, 3.21ms or 1.02s to milliseconds.
wrk_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0
		if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
		printf "%.1f", n }'
}

# Runs wrk for a closed-loop measurement and adds a row (unless LABEL is "-").
# Usage: run_wrk LABEL ping|send SECONDS
run_wrk() {
	local label=$1 kind=$2 seconds=$3 output
	local args=(-t2 -c64 -d"${seconds}s" --latency --timeout 10s)
	if [[ $kind == send ]]; then
		output=$(wrk "${args[@]}" -s "$ROOT/bench/wrk-send.lua" "$PUBLIC_URL/v1/messages/send" -- "$API_KEY" \
			"$(date +%s%N)")
	else
		# The key, like the send's: the bare endpoint passes the same API key check.
		output=$(wrk "${args[@]}" -H "X-API-Key: $API_KEY" "$PUBLIC_URL/bench/ping")
	fi
	printf '%s\n' "$output" >>"$OUT/wrk.log"
	[[ $label == "-" ]] && return 0
	local total seconds_run non2xx errors p50 p99 max
	total=$(awk '/requests in/ { print $1 }' <<<"$output")
	seconds_run=$(awk '/requests in/ { sub(/s,$/, "", $4); print $4 }' <<<"$output")
	non2xx=$(awk '/Non-2xx/ { print $NF }' <<<"$output")
	errors=$(awk '/Socket errors/' <<<"$output")
	p50=$(wrk_ms "$(awk '$1 == "50%" { print $2 }' <<<"$output")")
	p99=$(wrk_ms "$(awk '$1 == "99%" { print $2 }' <<<"$output")")
	max=$(wrk_ms "$(awk '$1 == "Latency" && NF >= 5 { print $4 }' <<<"$output")")
	local ok=$((total - ${non2xx:-0}))
	local rate
	rate=$(awk -v ok="$ok" -v s="$seconds_run" 'BEGIN { printf "%.0f", ok / s }')
	local notes=""
	[[ -n "$non2xx" ]] && notes="non-2xx $non2xx"
	[[ -n "$errors" ]] && notes="$notes ${errors## }"
	add_row "$label" "closed c=64 (wrk)" "$rate" "$p50" "$p99" "$max" "$ok/$total" "$notes"
	log "$label: $ok/$total ok, $rate ok/s, p50 $p50 ms, p99 $p99 ms, max $max ms $notes"
}

# Sums the ok counts of the result rows whose scenario column starts with a prefix.
sum_ok() {
	awk -F'\t' -v prefix="$1" 'index($1, prefix) == 1 { split($7, parts, "/"); sum += parts[1] } END { print sum + 0 }' \
		"$RESULTS"
}

# Waits until the reach-town stub has accepted at least COUNT distinct events, at most SECONDS.
wait_for_keys() {
	local count=$1 seconds=$2 deadline=$((SECONDS + $2))
	while (($(stub_value distinct_keys) < count)); do
		((SECONDS < deadline)) || return 1
		sleep 0.2
	done
}

want() {
	[[ -z "${BENCH_ONLY:-}" || " $BENCH_ONLY " == *" $1 "* ]]
}

print_table() {
	printf '| scenario | variant | ok/s | p50 ms | p99 ms | max ms | ok/total | notes |\n'
	printf '|---|---|---:|---:|---:|---:|---:|---|\n'
	awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$RESULTS"
}

# --- Preparation ---------------------------------------------------------------------

for part in ${BENCH_ONLY:-}; do
	case "$part" in
	mock | webhooks | postgres | twilio) ;;
	*) fail "unknown part '$part' in BENCH_ONLY; use some of: mock webhooks postgres twilio" ;;
	esac
done

for port in "$APP_PORT" "$TWILIO_PORT" "$REACH_TOWN_PORT"; do
	require_free_port "$port"
done
[[ -x "$JAVA25" ]] || fail "$JAVA25 not found; set BENCH_JAVA25 to a JDK 21+ java"
[[ -f "$HDR_JAR" ]] || ./mvnw -q dependency:get -Dartifact=org.hdrhistogram:HdrHistogram:2.2.2
if ! command -v wrk >/dev/null; then
	log "installing wrk from Debian's packages"
	apt-get install -y wrk >"$OUT/apt-wrk.log" 2>&1 || fail "apt-get install wrk failed; see $OUT/apt-wrk.log"
fi

log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
	log "building the jar"
	./mvnw -q -DskipTests package
fi
JAR="$(ls "$ROOT"/target/dispatcher-*.jar | grep -v original | head -n 1)"
"$JAVA25_HOME/bin/javac" -d "$OUT/classes" -cp "$HDR_JAR" bench/src/*.java

"$JAVA25" -Xmx512m -Dsun.net.httpserver.maxIdleConnections=4096 -cp "$OUT/classes" Stub "$TWILIO_PORT" "$REACH_TOWN_PORT" "$TWILIO_DELAY_MS" >"$OUT/stub.log" 2>&1 &
STARTED_PIDS+=("$!")
for _ in $(seq 1 100); do
	stub GET stats >/dev/null 2>&1 && break
	sleep 0.1
done
stub GET stats >/dev/null || fail "the stub did not start; see $OUT/stub.log"
: >"$RESULTS"

# --- Scenarios 1 and 5: Mock sends beside a bare endpoint, start-up, memory, profile --

run_mock() {
	log "scenario 1: Mock provider on $($JAVA17 -version 2>&1 | head -n 1)"
	start_app mock "$JAVA17"
	add_row "5 start-up" "JDK 17, H2, Mock" "-" "-" "-" "-" "-" \
		"healthy ${APP_STARTUP_MS} ms after launch (Boot: started in ${APP_BOOT_S:-?} s)"

	run_wrk - ping "$WARMUP_S"
	run_wrk - send "$WARMUP_S"
	run_wrk "1 bare GET /bench/ping" ping "$CLOSED_S"
	run_wrk "1 send, Mock" send "$CLOSED_S"
	run_wrk "1 bare GET /bench/ping" ping "$CLOSED_S"
	run_wrk "1 send, Mock" send "$CLOSED_S"
	loadgen open --kind send --rate "$SEND_RATE" --warmup-s 3 --duration-s "$OPEN_S" --label "1 send, Mock"
	loadgen open --kind ping --rate "$SEND_RATE" --warmup-s 3 --duration-s "$OPEN_S" --label "1 bare GET /bench/ping"
	add_row "5 memory" "JDK 17, after scenario 1" "-" "-" "-" "-" "-" "RSS $(rss_mb "$APP_PID") MB"

	log "profiling sends with JFR for ${PROFILE_S} s"
	jcmd "$APP_PID" JFR.start name=send settings=profile >/dev/null
	run_wrk - send "$PROFILE_S"
	jcmd "$APP_PID" JFR.stop name=send filename="$OUT/send.jfr" >/dev/null
	"$JAVA25" -cp "$OUT/classes" JfrHot "$OUT/send.jfr" 25 >"$OUT/profile-send.txt"
	stop_app
}

# --- Scenarios 3 (H2) and 4: Twilio status callbacks, then a backlog ------------------

# A short retry schedule, so that the backlog figure measures the relay rather than the
# backoff. With the defaults, recovery also waits up to 30 s for the circuit breaker and
# then for each event's next attempt (5 s doubling).
OUTBOX_ARGS=(--dispatcher.outbox.initial-delay=1s --dispatcher.outbox.max-delay=2s
	--dispatcher.outbox.max-attempts=1000
	--resilience4j.circuitbreaker.instances.reachTown.wait-duration-in-open-state=1s)

run_webhooks() {
	log "scenario 3: status callbacks on H2"
	stub POST reset >/dev/null
	start_app webhooks-h2 "$JAVA17" -- "${OUTBOX_ARGS[@]}"
	profile_start webhooks
	loadgen closed --kind twilio-status --concurrency 64 --warmup-s "$WARMUP_S" --duration-s "$WEBHOOK_S" \
		--label "3 status webhook, H2"
	profile_stop webhooks
	loadgen open --kind twilio-status --rate "$WEBHOOK_RATE" --warmup-s 3 --duration-s "$WEBHOOK_S" \
		--label "3 status webhook, H2"
	# Warm-up requests are not counted in the rows, but their events reach the stub too.
	log "waiting for the outbox to forward the scenario 3 events"
	sleep 2
	previous=-1
	for _ in $(seq 1 120); do
		current=$(stub_value distinct_keys)
		[[ $current == "$previous" ]] && break
		previous=$current
		sleep 1
	done
	add_row "3 forwarded to reach-town" "H2" "-" "-" "-" "-" "-" \
		"$(stub_value distinct_keys) distinct events in $(stub_value forward_accepted) accepted requests (warm-up included)"

	log "scenario 4: backlog of $BACKLOG events while reach-town answers 503"
	stub POST reset >/dev/null
	stub POST 'status?code=503' >/dev/null
	store_started=$(date +%s%N)
	loadgen closed --kind twilio-status --concurrency 32 --max-requests "$BACKLOG" --duration-s 300 \
		--run-id "backlog$$" --label "4 backlog: store"
	store_ms=$((($(date +%s%N) - store_started) / 1000000))
	stored=$(awk -F'\t' '$1 == "4 backlog: store" { split($7, parts, "/"); print parts[1] }' "$RESULTS")
	sleep 2
	profile_start drain
	up_nanos=$(stub POST 'status?code=200' | awk -F= '$1 == "now_nanos" { print $2 }')
	log "reach-town is up; waiting for $stored events"
	wait_for_keys "$stored" 300 || log "not all events arrived within 300 s"
	profile_stop drain
	sleep 3
	distinct=$(stub_value distinct_keys)
	accepted=$(stub_value forward_accepted)
	last_nanos=$(stub_value last_accepted_nanos)
	drain_s=$(awk -v a="$last_nanos" -v b="$up_nanos" 'BEGIN { printf "%.1f", (a - b) / 1e9 }')
	drain_rate=$(awk -v n="$distinct" -v s="$drain_s" 'BEGIN { printf "%.0f", (s > 0) ? n / s : 0 }')
	dead=$(curl -fsS -H "X-API-Key: $API_KEY" "$PUBLIC_URL/v1/outbox?state=DEAD&limit=500" | { grep -o '"id"' || true; } | wc -l)
	add_row "4 backlog drain" "H2, reach-town 503 then 200" "$drain_rate" "-" "-" "-" "$distinct/$stored" \
		"all delivered ${drain_s} s after reach-town came up; lost $((stored - distinct)), duplicated $((accepted - distinct)), dead $dead; stored in $((store_ms / 1000)) s"
	stop_app
}

# --- Scenario 3 on PostgreSQL -----------------------------------------------------

run_postgres() {
	log "scenario 3: status callbacks on PostgreSQL"
	psql -h 127.0.0.1 -U postgres -q -c "create database $PG_DATABASE" || fail "cannot create database $PG_DATABASE"
	PG_CREATED=1
	stub POST reset >/dev/null
	start_app webhooks-pg "$JAVA17" SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$PG_DATABASE" \
		SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD=
	loadgen closed --kind twilio-status --concurrency 64 --warmup-s "$WARMUP_S" --duration-s "$WEBHOOK_S" \
		--label "3 status webhook, PostgreSQL"
	loadgen open --kind twilio-status --rate "$WEBHOOK_RATE" --warmup-s 3 --duration-s "$WEBHOOK_S" \
		--label "3 status webhook, PostgreSQL"
	# The same send scenario as on H2, to tell the database's share from the rest.
	run_wrk - send "$WARMUP_S"
	run_wrk "1 send, Mock, PostgreSQL" send "$CLOSED_S"
	stop_app
}

# --- Scenario 2: Twilio adapter, 1,000 callers, 250 ms API --------------------------

run_twilio() {
	TWILIO_ENV=(DISPATCHER_PROVIDER=twilio)
	TWILIO_ARGS=(--resilience4j.bulkhead.instances.twilio.max-concurrent-calls="$TWILIO_CALLERS"
		--dispatcher.twilio.max-connections="$TWILIO_CALLERS")

	log "scenario 2: Twilio adapter on JDK 25 with virtual threads"
	start_app twilio-virtual "$JAVA25" "${TWILIO_ENV[@]}" VIRTUAL_THREADS=true -- "${TWILIO_ARGS[@]}"
	stub POST reset >/dev/null
	profile_start twilio
	loadgen closed --kind send --concurrency "$TWILIO_CALLERS" --warmup-s "$WARMUP_S" --duration-s "$TWILIO_S" \
		--label "2 send, Twilio stub 250 ms, virtual threads"
	profile_stop twilio
	add_row "2 Twilio API calls" "virtual threads" "-" "-" "-" "-" "-" "$(stub_value twilio_requests) calls reached the Twilio stub, warm-up included"
	stop_app

	log "scenario 2: Twilio adapter on JDK 25 with platform threads (Tomcat max 1000)"
	start_app twilio-platform "$JAVA25" "${TWILIO_ENV[@]}" VIRTUAL_THREADS=false -- "${TWILIO_ARGS[@]}" \
		--server.tomcat.threads.max="$TWILIO_CALLERS"
	stub POST reset >/dev/null
	loadgen closed --kind send --concurrency "$TWILIO_CALLERS" --warmup-s "$WARMUP_S" --duration-s "$TWILIO_S" \
		--label "2 send, Twilio stub 250 ms, platform threads"
	add_row "2 Twilio API calls" "platform threads" "-" "-" "-" "-" "-" "$(stub_value twilio_requests) calls reached the Twilio stub, warm-up included"
	stop_app
}

# --- Run ---------------------------------------------------------------------------

if want mock; then
	run_mock
fi
if want webhooks; then
	run_webhooks
fi
if want postgres; then
	run_postgres
fi
if want twilio; then
	run_twilio
fi

# --- Report --------------------------------------------------------------------------

print_table | tee "$OUT/results.md"
log "results in $OUT (results.md, run.log, and the logs and profiles of the parts that ran)"
