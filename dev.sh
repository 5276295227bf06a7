#!/usr/bin/env bash
# Developer entry point: installs what is missing (Debian 12 packages), configures, builds,
# and runs the tests, the demo, the sanitizer build, the fuzzers or the benchmarks.
#
#   ./dev.sh demo            build and start a demo gateway (scripts/demo.sh)
#   ./dev.sh test            build and run every test, the fuzzers briefly and every test
#                            again under ASan+UBSan (what CI runs)
#   ./dev.sh build           configure and build (build/)
#   ./dev.sh sanitize        build with ASan+UBSan (build-asan/) and run every test
#   ./dev.sh tsan            build with TSan (build-tsan/) and run the multi-threaded tests
#   ./dev.sh fuzz [SECONDS]  build the libFuzzer targets (build-fuzz/) and run each
#   ./dev.sh bench           build (Release) and run the benchmarks in bench/
#   ./dev.sh deps            only install the packages
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
    cmake ninja-build g++ clang libclang-rt-14-dev clang-format pkg-config
    libcli11-dev libssl-dev libcurl4-openssl-dev rapidjson-dev libsqlite3-dev
    libtomlplusplus-dev catch2 libfmt-dev libasio-dev libpugixml-dev libcpp-httplib-dev
    knot knot-dnsutils knot-dnssecutils bind9-dnsutils bind9-utils ldnsutils pdns-server pdns-backend-sqlite3
    dnsperf sqlite3 groff mandoc bash-completion zsh fish
)
JOBS=$(nproc 2>/dev/null || echo 2)

deps() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "dev.sh: installing ${missing[*]}" >&2
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # The packaged daemons must not start as services: tests start their own on loopback.
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq \
        --no-install-recommends "${missing[@]}" >/dev/null
}

configure_and_build() { # DIR [cmake args...]
    local dir=$1
    shift
    cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
    cmake --build "$dir" -j "$JOBS"
}

build() { configure_and_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo; }

fuzz() { # SECONDS per target
    local seconds=${1:-10}
    configure_and_build build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
        -DDNSCLAY_FUZZ=ON -DDNSCLAY_TESTS=OFF
    tests/fuzz/run.sh build-fuzz "$seconds"
}

# Runs ctest in DIR [with ctest ARGS] with the sanitizers' reports written to
# DIR/sanitizer-reports, those of every process a test starts included: a dnsclay command
# that a test expects to fail must not hide a sanitizer's abort. Any report fails the run.
run_sanitized() { # DIR [ctest args...]
    local dir=$1 status=0
    shift
    local reports=$PWD/$dir/sanitizer-reports
    rm -rf "$reports" && mkdir -p "$reports"
    ASAN_OPTIONS=detect_leaks=1:log_path=$reports/asan \
        UBSAN_OPTIONS=print_stacktrace=1:log_path=$reports/ubsan \
        TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:log_path=$reports/tsan \
        ctest --test-dir "$dir" --output-on-failure -j "$JOBS" "$@" || status=$?
    if compgen -G "$reports/*" >/dev/null; then
        cat "$reports"/* >&2
        echo "dev.sh: sanitizer reports in $reports" >&2
        return 1
    fi
    return $status
}

sanitize() {
    configure_and_build build-asan -DCMAKE_BUILD_TYPE=Debug -DDNSCLAY_SANITIZE=address,undefined
    run_sanitized build-asan
}

# The tests where threads of one process meet: the server (listeners, workers, zone lanes),
# the sync scheduler, NOTIFY, the UPDATE engine and concurrent writers of state.db.
TSAN_TESTS='serve|scheduler|zone lanes|notif|concurrent|two processes|dispatcher|retransmit|replay|load'

tsan() {
    # clang: GCC 12 refuses asio's atomic_thread_fence under TSan (-Werror=tsan).
    configure_and_build build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
        -DDNSCLAY_SANITIZE=thread
    run_sanitized build-tsan -R "$TSAN_TESTS"
}

case "${1:-}" in
deps) deps ;;
demo) deps && build && scripts/demo.sh build ;;
build) deps && build ;;
test)
    deps
    build
    ctest --test-dir build --output-on-failure -j "$JOBS"
    FUZZ_SEED=${FUZZ_SEED:-1} fuzz 10
    sanitize
    ;;
sanitize) deps && sanitize ;;
tsan) deps && tsan ;;
fuzz) deps && fuzz "${2:-60}" ;;
bench)
    deps
    # the tests' fakes are needed (web_provider_bench), the tests themselves are not
    cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DDNSCLAY_TESTS=ON >/dev/null
    cmake --build build-release -j "$JOBS" --target benchmarks
    bench/run.sh build-release
    ;;
*)
    # The comment block at the top of this file, without its "# ".
    awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
