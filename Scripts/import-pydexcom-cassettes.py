#!/usr/bin/env python3
"""Convert pydexcom's VCR cassettes (real, scrubbed Dexcom Share traffic, MIT) into
CGMKit exchange fixtures (Docs/Fixtures.md format).

Usage:
  import-pydexcom-cassettes.py CASSETTE_DIR OUT_DIR          write the fixtures
  import-pydexcom-cassettes.py --check CASSETTE_DIR OUT_DIR  exit 1 if OUT_DIR is stale

Only Content-Type headers are kept; bodies are kept verbatim (pydexcom already
replaced passwords, account and session ids with placeholders).
"""
import json
import pathlib
import sys

import yaml


def convert(path):
    cassette = yaml.safe_load(path.read_text())
    exchanges = []
    for interaction in cassette["interactions"]:
        request, response = interaction["request"], interaction["response"]

        def content_type(headers):
            for name, values in (headers or {}).items():
                if name.lower() == "content-type" and values:
                    return {"Content-Type": values[0]}
            return {}

        exchanges.append({
            "request": {"method": request["method"], "url": request["uri"],
                        "headers": content_type(request.get("headers")), "body": request.get("body") or ""},
            "response": {"status": response["status"]["code"], "headers": content_type(response.get("headers")),
                         "body": response["body"]["string"]},
        })
    source = f"pydexcom tests/cassettes (MIT), {path.name}"
    return json.dumps({"source": source, "exchanges": exchanges}, indent=2, ensure_ascii=False) + "\n"


def main():
    arguments = sys.argv[1:]
    check = arguments[:1] == ["--check"]
    if check:
        arguments = arguments[1:]
    if len(arguments) != 2:
        sys.exit(__doc__)
    source, target = pathlib.Path(arguments[0]), pathlib.Path(arguments[1])
    stale = []
    for path in sorted(source.glob("*.yaml")):
        output = target / (path.stem + ".json")
        text = convert(path)
        if check:
            if not output.exists() or output.read_text() != text:
                stale.append(output.name)
        else:
            target.mkdir(parents=True, exist_ok=True)
            output.write_text(text)
    if check:
        if stale:
            print("stale cassette fixtures:", ", ".join(stale))
            return 1
        print(f"cassette fixtures in sync ({len(list(source.glob('*.yaml')))} cassettes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
