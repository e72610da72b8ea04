#!/usr/bin/env bash
# Builds the libFuzzer targets with the fuzzer and address sanitizers, then optionally
# replays the saved corpus and FailCases/ (what CI does, in seconds) or fuzzes each
# target for a set time (what a developer does before a release).
#
#   ./do_build.sh                          build every target (debug)
#   ./do_build.sh --release                build optimised: release finds other bugs
#   ./do_build.sh --run-regressions        build, then replay Corpus/ and FailCases/
#   ./do_build.sh --fuzz 60 [Target ...]   build, then fuzz each target for 60 s;
#                                          new inputs go to .findings/, crashes too
#   ./do_build.sh --merge                  minimise Corpus/ plus .findings/<Target>/corpus
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

configuration=debug
mode=build
seconds=0
requested=()
while [ $# -gt 0 ]; do
    case "$1" in
        --release) configuration=release ;;
        --debug) configuration=debug ;;
        --run-regressions) mode=regressions ;;
        --fuzz) mode=fuzz; seconds="$2"; shift ;;
        --merge) mode=merge ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 64 ;;
        *) requested+=("$1") ;;
    esac
    shift
done

all_targets=()
for directory in Sources/Fuzz*; do
    name="$(basename "$directory")"
    [ "$name" = FuzzChecks ] || all_targets+=("$name")
done
targets=("${requested[@]:-${all_targets[@]}}")

scratch=".build-fuzz"
swift build -c "$configuration" --scratch-path "$scratch" --sanitize=fuzzer --sanitize=address \
    -Xswiftc -parse-as-library -Xswiftc -sanitize=fuzzer,address 2>&1 | grep -vE 'ld.gold: warning: Cannot export local symbol' | tail -2
export LSAN_OPTIONS="suppressions=$PWD/lsan.supp:print_suppressions=0"
# The Swift runtime's backtracer reads the stack in a way ASan reports as a second error.
export SWIFT_BACKTRACE="enable=no"
bin="$(swift build -c "$configuration" --scratch-path "$scratch" --sanitize=fuzzer --sanitize=address --show-bin-path)"

# Each target reads inputs of its own shape; Dictionaries/ names its tokens.
dictionary_for() {
    case "$1" in
        FuzzDexcomV3*) echo Dictionaries/dexcom_v3.dict ;;
        FuzzShareReadings|FuzzShareError) echo Dictionaries/share.dict ;;
        FuzzShareDate) echo Dictionaries/share_date.dict ;;
        FuzzISOTime) echo Dictionaries/iso_time.dict ;;
        FuzzTokenResponse) echo Dictionaries/oauth.dict ;;
        FuzzRetryAfter) echo Dictionaries/retry_after.dict ;;
        FuzzNightscout) echo Dictionaries/nightscout.dict ;;
        FuzzLibreLinkUp|FuzzLibreLinkUpTime) echo Dictionaries/librelinkup.dict ;;
        FuzzCSVReader|FuzzExportedFiles) echo Dictionaries/csv_exports.dict ;;
        *) echo Dictionaries/json.dict ;;
    esac
}

case "$mode" in
    build)
        echo "built ${#targets[@]} targets in $bin"
        ;;
    regressions)
        total=0
        for target in "${targets[@]}"; do
            inputs=()
            for directory in "Corpus/$target" "FailCases/$target"; do
                [ -d "$directory" ] && [ -n "$(ls -A "$directory")" ] && inputs+=("$directory")
            done
            if [ ${#inputs[@]} -eq 0 ]; then echo "$target: no saved inputs" >&2; exit 1; fi
            count=$(find "${inputs[@]}" -type f | wc -l)
            total=$((total + count))
            # -runs=0 executes every saved input once and stops; any crash fails the step.
            if ! "$bin/$target" -runs=0 -timeout=5 -rss_limit_mb=2048 "${inputs[@]}" > ".regression-$target.log" 2>&1; then
                cat ".regression-$target.log"; echo "$target: a saved input fails" >&2; exit 1
            fi
            rm -f ".regression-$target.log"
            printf '%-26s %5d inputs replayed\n' "$target" "$count"
        done
        echo "all $total saved inputs pass"
        ;;
    fuzz)
        for target in "${targets[@]}"; do
            mkdir -p ".findings/$target/corpus" ".findings/$target/crashes"
            echo "== $target for ${seconds}s"
            "$bin/$target" ".findings/$target/corpus" "Corpus/$target" \
                -dict="$(dictionary_for "$target")" -max_total_time="$seconds" -max_len=65536 -timeout=2 \
                -rss_limit_mb=2048 -artifact_prefix=".findings/$target/crashes/" -print_final_stats=1 2>&1 \
                | grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb|#[0-9]+ +DONE|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' || true
            if [ -n "$(ls -A ".findings/$target/crashes")" ]; then
                echo "$target: crashes saved in .findings/$target/crashes; minimize with -minimize_crash=1," \
                     "add to FailCases/$target and write a unit test" >&2
            fi
        done
        ;;
    merge)
        # A fresh minimal corpus: the smallest inputs that keep all the coverage of the
        # saved corpus and the new findings together.
        for target in "${targets[@]}"; do
            mkdir -p "Corpus/$target" ".findings/$target/corpus"
            rm -rf ".merge-$target" && mkdir ".merge-$target"
            "$bin/$target" -merge=1 ".merge-$target" "Corpus/$target" ".findings/$target/corpus" > /dev/null 2>&1
            before=$(ls "Corpus/$target" | wc -l)
            rm -rf "Corpus/$target" && mv ".merge-$target" "Corpus/$target"
            printf '%-26s %5d -> %5d inputs\n' "$target" "$before" "$(ls "Corpus/$target" | wc -l)"
        done
        ;;
esac
