#!/usr/bin/env bash
# Builds the DocC documentation of every library product with the toolchain's docc and
# fails on any warning (a broken symbol link, a missing article). Usage:
#   Scripts/build-docs.sh [OUTPUT_DIR]     (default .build-docs/site)
# Symbol graphs come from `swift package dump-symbol-graph` (public symbols only); each library target's
# catalog Sources/<Target>/<Target>.docc is required.
set -euo pipefail
cd "$(dirname "$0")/.."
output="${1:-.build-docs/site}"
graphs=".build-docs/symbol-graphs"
rm -rf "$graphs" "$output" && mkdir -p "$graphs" "$output"

# dump-symbol-graph exits 1 because it also tries the synthesized test-runner modules
# (CGMKitPackageTests), which have no symbols to document; every library target's graph
# is required below, so a real failure still stops the script.
swift package --scratch-path .build-docs dump-symbol-graph --minimum-access-level public \
    > .build-docs/dump-symbol-graph.log 2>&1 || true
cp .build-docs/*-*/symbolgraph/*.symbols.json "$graphs/"

targets=$(swift package dump-package | python3 -c '
import json, sys
package = json.load(sys.stdin)
for product in package["products"]:
    if "library" in product["type"]:
        print(*product["targets"], sep="\n")' | sort -u)

for target in $targets; do
    catalog="Sources/$target/$target.docc"
    [ -d "$catalog" ] || { echo "error: $target has no DocC catalog ($catalog)"; exit 1; }
    module_graphs="$graphs/$target"
    mkdir -p "$module_graphs"
    cp "$graphs/$target.symbols.json" "$module_graphs/"
    cp "$graphs/$target"@*.symbols.json "$module_graphs/" 2>/dev/null || true
    docc convert "$catalog" --additional-symbol-graph-dir "$module_graphs" \
        --fallback-display-name "$target" --fallback-bundle-identifier "org.cgmkit.$target" \
        --output-path "$output/$target.doccarchive" --warnings-as-errors > "$output/$target.log" 2>&1 \
        || { cat "$output/$target.log"; echo "error: docc reported problems in $target"; exit 1; }
    if grep -E "warning:|error:" "$output/$target.log"; then echo "error: docc warned in $target"; exit 1; fi
    pages=$(find "$output/$target.doccarchive/data/documentation" -name '*.json' | wc -l)
    echo "$target: $pages pages, no warnings"
done
