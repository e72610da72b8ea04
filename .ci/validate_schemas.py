#!/usr/bin/env python3
"""Validate CGMKit batch JSON files against Schemas/ with an independent validator.

Usage: validate_schemas.py SCHEMAS_DIR FILE...

Loads every *.schema.json into a registry keyed by $id, checks each schema against
the 2020-12 meta-schema, validates every FILE against batch.schema.json, and runs a
self-test proving the validator rejects broken batches. Exits 1 on any failure.
"""
import copy
import json
import pathlib
import sys

from jsonschema import Draft202012Validator
from referencing import Registry, Resource


def load_registry(directory):
    resources = []
    batch_id = None
    for path in sorted(pathlib.Path(directory).glob("*.schema.json")):
        schema = json.loads(path.read_text())
        Draft202012Validator.check_schema(schema)
        resources.append((schema["$id"], Resource.from_contents(schema)))
        if path.name == "batch.schema.json":
            batch_id = schema["$id"]
    if batch_id is None:
        sys.exit("batch.schema.json not found")
    return Registry().with_resources(resources), batch_id


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    registry, batch_id = load_registry(sys.argv[1])
    validator = Draft202012Validator({"$ref": batch_id}, registry=registry)
    failures = 0
    documents = []
    for name in sys.argv[2:]:
        document = json.loads(pathlib.Path(name).read_text())
        documents.append(document)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        for error in errors[:5]:
            print(f"{name}: {list(error.path)}: {error.message}")
        failures += bool(errors)

    # Self-test: mutations of a valid batch must be rejected, or the check proves nothing.
    sample = next((d for d in documents if d.get("readings")), None)
    if sample is not None:
        mutations = [
            lambda d: d.pop("issues"),
            lambda d: d["readings"][0].__setitem__("status", "high"),
            lambda d: d["readings"][0].__setitem__("time", "2024-01-01T00:00:00+01:00"),
            lambda d: d["readings"][0].__setitem__("surprise", 1),
            lambda d: d["readings"][0].__setitem__("value", None),
        ]
        for number, mutate in enumerate(mutations):
            broken = copy.deepcopy(sample)
            mutate(broken)
            if validator.is_valid(broken):
                print(f"self-test: mutation {number} was not rejected")
                failures += 1

    print(f"schema validation: {len(documents)} documents checked, {failures} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
