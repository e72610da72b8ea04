#!/usr/bin/env python3
"""Independent validators for `cgm export` output (Docs/Export.md, SPEC §10).

    validate_exports.py fhir-structure --models r4|r4b BUNDLE...
        Parses every resource with the Python `fhir.resources` models: `r4` = fhir.resources
        6.4.0 (FHIR 4.0.1, pydantic 1, installed in its own --target folder), `r4b` =
        fhir.resources 8.x `fhir.resources.R4B` (pydantic 2; stricter primitive formats).
    validate_exports.py fhir-rules BUNDLE...
        Evaluates, with `fhirpathpy` (R4 model), core R4 invariants (bdl-*, obs-6, obs-7,
        qty-3, dom-*, ele-1) and the HL7 CGM IG 1.0.0 rules and patterns (profiles.fsh):
        codes, UCUM codes and unit strings, effective[x], category, subject, the
        cgm-sensor-value-or-dar invariant, the summary's members, the Device name slice,
        plus reference resolution inside the Bundle and ifNoneExist consistency.
    validate_exports.py omh SCHEMA_DIR POINTS...
        Validates Open mHealth data points with `jsonschema` against the vendored
        data-point-1.0 / header-1.2 and omh:blood-glucose-4.0 schemas (formats checked).
    validate_exports.py csv BATCH:CSV...     tidy CSV, compared with the batch it came from
    validate_exports.py iglu BATCH:CSV...    iglu's id,time,gl form

Every mode first proves that its checker rejects known-bad input, so a checker that
loads but checks nothing fails. Any import failure is an error (exit 1), never a skip.
"""
import copy
import csv
import datetime
import json
import re
import sys
import urllib.parse

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
IG = "http://hl7.org/fhir/uv/cgm/StructureDefinition/"
DAR = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

SENSOR = {"99504-3": ("cgm-sensor-reading-mass-per-volume", "mg/dL", "mg/dl"),
          "105272-9": ("cgm-sensor-reading-moles-per-volume", "mmol/L", "mmol/l")}
# Summary members: LOINC code -> (profile, UCUM code, unit string) (IG profiles.fsh; fact sheet §A.3)
MEMBERS = {
    "106793-3": ("cgm-summary-times-in-ranges", None, None),
    "97507-8": ("cgm-summary-mean-glucose-mass-per-volume", "mg/dL", "mg/dl"),
    "105273-7": ("cgm-summary-mean-glucose-moles-per-volume", "mmol/L", "mmol/l"),
    "97506-0": ("cgm-summary-gmi", "%", "%"),
    "104638-2": ("cgm-summary-coefficient-of-variation", "%", "%"),
    "104636-6": ("cgm-summary-days-of-wear", "d", "days"),
    "104637-4": ("cgm-summary-sensor-active-percentage", "%", "%"),
}
REQUIRED_MEMBERS = ["106793-3", "97506-0", "104638-2", "104636-6", "104637-4"]
TIR_COMPONENTS = ["104642-4", "104641-6", "97510-2", "104640-8", "104639-0"]
SUMMARY = "107931-8"


class Failures:
    def __init__(self):
        self.items = []

    def add(self, where, rule):
        self.items.append(f"{where}: {rule}")

    def check(self, condition, where, rule):
        if not condition:
            self.add(where, rule)


# ---------------------------------------------------------------- FHIR structure

def fhir_structure(models, paths):
    if models == "r4":
        import fhir.resources as package
        if package.__fhir_version__ != "4.0.1":
            sys.exit(f"fhir.resources {package.__version__} is FHIR {package.__fhir_version__}, not R4 4.0.1")
        from fhir.resources import get_fhir_model_class

        def parse(kind, data):
            return get_fhir_model_class(kind).parse_obj(data)
    elif models == "r4b":
        from fhir.resources.R4B import get_fhir_model_class

        def parse(kind, data):
            return get_fhir_model_class(kind).model_validate(data)
    else:
        sys.exit("--models must be r4 or r4b")

    good = {"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": LOINC, "code": "99504-3"}]},
            "effectiveDateTime": "2025-03-10T08:05:00Z"}
    parse("Observation", good)
    for bad in ({**good, "valu": 1}, {k: v for k, v in good.items() if k != "status"},
                {**good, "valueQuantity": {"value": "high"}}, {**good, "effectiveDateTime": "2025-13-10T08:05:00Z"}):
        try:
            parse("Observation", bad)
        except Exception:
            continue
        sys.exit(f"fhir.resources ({models}) accepted a malformed Observation: the structural check is not working")

    count = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            bundle = json.load(handle)
        try:
            parse("Bundle", bundle)
            for entry in bundle.get("entry", []):
                parse(entry["resource"]["resourceType"], entry["resource"])
                count += 1
        except Exception as error:  # a pydantic ValidationError names the element
            sys.exit(f"{path}: not a valid FHIR {models.upper()} resource:\n{error}")
    print(f"fhir.resources {models}: {len(paths)} bundles, {count} resources parse")


# ---------------------------------------------------------------- FHIR rules

def fhirpath_rules():
    from fhirpathpy import evaluate
    from fhirpathpy.models import models
    r4 = models["r4"]

    def holds(resource, expression, context=None):
        result = evaluate(resource, expression, context or {"resource": resource}, r4)
        return result == [True]

    return holds


CORE_BUNDLE = {
    "bdl-1": "total.empty() or (type = 'searchset') or (type = 'history')",
    "bdl-2": "entry.search.empty() or (type = 'searchset')",
    "bdl-3": "entry.all(request.exists() = (%resource.type = 'batch' or %resource.type = 'transaction' or %resource.type = 'history'))",
    "bdl-4": "entry.all(response.exists() = (%resource.type = 'batch-response' or %resource.type = 'transaction-response' or %resource.type = 'history'))",
    "bdl-5": "entry.all(resource.exists() or request.exists() or response.exists())",
    "bdl-7": "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()",
    "bdl-8": "entry.all(fullUrl.empty() or fullUrl.contains('/_history/').not())",
    "IG bundle: type transaction": "type = 'transaction'",
    "IG bundle: timestamp 1..1": "timestamp.exists()",
    "IG bundle: entry 1..*": "entry.count() >= 1",
    "IG bundle: profile": "meta.profile contains '" + IG + "cgm-data-submission-bundle'",
    "entries: fullUrl urn:uuid, POST to the resource type, ifNoneExist": "entry.all(fullUrl.startsWith('urn:uuid:') and request.method = 'POST' and request.url = resource.type().name and request.ifNoneExist.exists())",
}

CORE_RESOURCE = {
    "dom-2": "contained.contained.empty()",
    "dom-3": "contained.empty()",
    "dom-4": "contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()",
}

CORE_OBSERVATION = {
    "obs-6": "dataAbsentReason.empty() or value.empty()",
    "obs-7": "value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()",
    "qty-3 (valueQuantity)": "value.ofType(Quantity).all(code.empty() or system.exists())",
    "qty-3 (component)": "component.value.ofType(Quantity).all(code.empty() or system.exists())",
    "status final": "status = 'final'",
    "subject is a Patient (IG: subject 1..1)": "subject.reference.startsWith('Patient/')",
    "category laboratory (IG SMART scope; every IG example)": "category.coding.where(system = '" + CATEGORY + "' and code = 'laboratory').exists()",
    "one LOINC coding, no display (IG: omit display)": "code.coding.count() = 1 and code.coding.system = '" + LOINC + "' and code.coding.display.empty()",
    "identifier under one system": "identifier.count() = 1 and identifier.system.exists() and identifier.value.exists()",
}


def sensor_rules(code):
    profile, ucum, unit = SENSOR[code]
    return {
        "IG cgm-sensor-value-or-dar": "value.exists() or dataAbsentReason.exists()",
        "IG effectiveDateTime 1..1 (no effectivePeriod)": "effective.ofType(dateTime).exists() and effective.ofType(Period).empty()",
        "IG effectiveDateTime is a UTC instant": "effective.ofType(dateTime).toString().matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\\\.[0-9]{3})?Z$')",
        "IG value[x] only Quantity": "value.empty() or value.ofType(Quantity).exists()",
        "IG valueQuantity pattern": f"value.empty() or (value.ofType(Quantity).system = '{UCUM}' and value.ofType(Quantity).code = '{ucum}' and value.ofType(Quantity).unit = '{unit}' and value.ofType(Quantity).value.exists())",
        "IG profile": f"meta.profile contains '{IG}{profile}'",
        "dataAbsentReason from the PHD mapping": f"dataAbsentReason.empty() or dataAbsentReason.coding.all(system = '{DAR}' and (code = 'negative-infinity' or code = 'positive-infinity' or code = 'error'))",
        "LOW is flagged <": f"(dataAbsentReason.coding.where(code = 'negative-infinity').exists() or value.ofType(Quantity).where(comparator = '<').exists()) implies interpretation.coding.where(system = '{INTERPRETATION}' and code = '<').exists()",
        "HIGH is flagged >": f"(dataAbsentReason.coding.where(code = 'positive-infinity').exists() or value.ofType(Quantity).where(comparator = '>').exists()) implies interpretation.coding.where(system = '{INTERPRETATION}' and code = '>').exists()",
        "comparator only < or >": "value.ofType(Quantity).comparator.empty() or value.ofType(Quantity).comparator = '<' or value.ofType(Quantity).comparator = '>'",
        "interpretation only on LOW/HIGH": "interpretation.empty() or dataAbsentReason.coding.where(code = 'negative-infinity' or code = 'positive-infinity').exists() or value.ofType(Quantity).comparator.exists()",
    }


SUMMARY_COMMON = {
    "IG effectivePeriod.start 1..1 and end 1..1": "effective.ofType(Period).start.exists() and effective.ofType(Period).end.exists()",
    "effectivePeriod: dates, end not before start": "effective.ofType(Period).start.toString().matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}$') and effective.ofType(Period).end.toString().matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}$') and effective.ofType(Period).start <= effective.ofType(Period).end",
}


def member_rules(code):
    profile, ucum, unit = MEMBERS[code]
    rules = {"IG profile": f"meta.profile contains '{IG}{profile}'"}
    if ucum:
        rules["IG valueQuantity 1..1 with pattern"] = f"value.ofType(Quantity).system = '{UCUM}' and value.ofType(Quantity).code = '{ucum}' and value.ofType(Quantity).unit = '{unit}' and value.ofType(Quantity).value.exists()"
    else:
        rules["IG times in ranges: five components"] = "component.count() = 5 and " + " and ".join(
            f"component.where(code.coding.where(system = '{LOINC}' and code = '{c}').exists()).count() = 1" for c in TIR_COMPONENTS)
        rules["IG components: % with UCUM"] = f"component.all(value.ofType(Quantity).system = '{UCUM}' and value.ofType(Quantity).code = '%' and value.ofType(Quantity).unit = '%' and value.ofType(Quantity).value >= 0 and value.ofType(Quantity).value <= 100)"
        rules["no value of its own"] = "value.empty()"
    return rules


def query_identifier(query):
    fields = dict(urllib.parse.parse_qsl(query, keep_blank_values=True, strict_parsing=True))
    system, _, value = fields.get("identifier", "").partition("|")
    return system, value, fields


def check_bundle(bundle, where, holds, failures):
    entries = bundle.get("entry", [])
    # Bundle-level FHIRPath on the non-reading entries and a sample of readings (FHIRPath
    # over 4,000 entries takes seconds per rule); the same rules in Python on every entry.
    seen = {}
    sample = []
    for entry in entries:
        resource = entry.get("resource", {})
        if resource.get("code", {}).get("coding", [{}])[0].get("code") in SENSOR:
            shape = reading_shape(resource)
            seen[shape] = seen.get(shape, 0) + 1
            if seen[shape] > SAMPLE:
                continue
        sample.append(entry)
    sampled = {**bundle, "entry": sample}
    for name, expression in CORE_BUNDLE.items():
        failures.check(holds(sampled, expression), where, name)
    for position, entry in enumerate(entries):
        request = entry.get("request") or {}
        failures.check(str(entry.get("fullUrl", "")).startswith("urn:uuid:") and request.get("method") == "POST"
                       and request.get("url") == entry.get("resource", {}).get("resourceType")
                       and bool(request.get("ifNoneExist")) and "response" not in entry and "search" not in entry,
                       f"{where} entry[{position}]", "bdl-3/4/5: POST request with ifNoneExist, urn:uuid fullUrl")
    urls = {entry.get("fullUrl"): entry.get("resource", {}) for entry in entries}
    failures.check(len(urls) == len(entries), where, "fullUrls are unique")
    subjects = set()
    summary_count = 0
    shapes = {}
    for position, entry in enumerate(entries):
        resource = entry["resource"]
        at = f"{where} entry[{position}] {resource.get('resourceType')}"
        failures.check(not any(k in resource for k in ("contained",)), at, "dom-2/3/4: no contained resources")
        check_no_empty(resource, at, failures)
        identifiers = resource.get("identifier", [])
        system, value, fields = query_identifier(entry["request"]["ifNoneExist"])
        failures.check(identifiers and identifiers[0].get("system") == system and identifiers[0].get("value") == value,
                       at, "ifNoneExist searches the resource's own identifier")
        if resource["resourceType"] == "Device":
            failures.check(holds(resource, f"meta.profile contains '{IG}cgm-device'"), at, "IG profile")
            failures.check(holds(resource, "deviceName.where(type = 'user-friendly-name' and name.exists()).count() = 1"),
                           at, "IG deviceName slice cgmDeviceName 1..1")
            failures.check(holds(resource, "identifier.exists()"), at, "IG identifier 1..*")
            failures.check(fields.get("patient") == resource.get("patient", {}).get("reference"), at,
                           "ifNoneExist is scoped to the device's patient")
            continue
        failures.check(resource["resourceType"] == "Observation", at, "only Device and Observation entries")
        if resource.get("code", {}).get("coding", [{}])[0].get("code") not in SENSOR:
            for name, expression in CORE_OBSERVATION.items():
                failures.check(holds(resource, expression), at, name)
        subjects.add(resource.get("subject", {}).get("reference"))
        failures.check(fields.get("subject") == resource.get("subject", {}).get("reference"), at,
                       "ifNoneExist is scoped to the subject")
        code = resource["code"]["coding"][0]["code"]
        if code in SENSOR:
            check_reading_fast(resource, code, at, failures)
            # FHIRPath is slow (about 30 ms a resource): it evaluates every rule on up to
            # SAMPLE readings of each shape (status encoding, device, keys) per Bundle, and
            # the Python pass above checks every reading.
            shape = reading_shape(resource)
            shapes[shape] = shapes.get(shape, 0) + 1
            if shapes[shape] > SAMPLE:
                continue
            for name, expression in {**CORE_OBSERVATION, **sensor_rules(code)}.items():
                failures.check(holds(resource, expression), at, name)
            device = resource.get("device", {}).get("reference")
            failures.check(device is None or urls.get(device, {}).get("resourceType") == "Device", at,
                           "device reference resolves to a Device in the Bundle")
        elif code in MEMBERS:
            for name, expression in {**SUMMARY_COMMON, **member_rules(code)}.items():
                failures.check(holds(resource, expression), at, name)
            if code == "106793-3":
                total = sum(c["valueQuantity"]["value"] for c in resource["component"])
                failures.check(abs(total - 100) < 0.005, at, "times in ranges sum to 100")
                failures.check(all(round(c["valueQuantity"]["value"], 2) == c["valueQuantity"]["value"]
                                   for c in resource["component"]), at, "times in ranges: two decimals")
        elif code == SUMMARY:
            summary_count += 1
            check_summary(resource, urls, at, holds, failures)
        else:
            failures.add(at, f"unexpected LOINC code {code}")
    failures.check(len(subjects) == 1, where, "one subject for every Observation")
    failures.check(summary_count <= 1, where, "at most one summary")
    return len(entries)


SAMPLE = 5


def reading_shape(resource):
    quantity = resource.get("valueQuantity", {})
    reason = resource.get("dataAbsentReason", {}).get("coding", [{}])[0].get("code")
    flag = resource.get("interpretation", [{}])[0].get("coding", [{}])[0].get("code")
    return (tuple(sorted(resource)), tuple(sorted(quantity)), quantity.get("comparator"), reason, flag)


def check_reading_fast(resource, code, at, failures):
    """The IG's sensor-reading rules in plain Python, for every reading."""
    profile, ucum, unit = SENSOR[code]
    quantity = resource.get("valueQuantity")
    reason = resource.get("dataAbsentReason")
    failures.check(resource.get("meta", {}).get("profile") == [IG + profile], at, "IG profile")
    failures.check(quantity is not None or reason is not None, at, "IG cgm-sensor-value-or-dar")
    failures.check(quantity is None or reason is None, at, "obs-6")
    failures.check(quantity is None or (quantity.get("system") == UCUM and quantity.get("code") == ucum
                                        and quantity.get("unit") == unit and isinstance(quantity.get("value"), (int, float))),
                   at, "IG valueQuantity pattern")
    failures.check(isinstance(resource.get("effectiveDateTime"), str) and INSTANT.match(resource["effectiveDateTime"])
                   and "effectivePeriod" not in resource, at, "IG effectiveDateTime 1..1, a UTC instant")
    failures.check(resource.get("status") == "final" and resource.get("subject", {}).get("reference", "").startswith("Patient/"),
                   at, "status and subject")
    failures.check(resource.get("category") == [{"coding": [{"system": CATEGORY, "code": "laboratory"}]}], at, "category laboratory")
    failures.check(resource.get("code") == {"coding": [{"system": LOINC, "code": code}]}, at, "one LOINC coding, no display")
    codes = [c.get("code") for c in (reason or {}).get("coding", [])]
    failures.check(all(c in ("negative-infinity", "positive-infinity", "error") for c in codes), at, "dataAbsentReason code")
    flags = [c.get("code") for i in resource.get("interpretation", []) for c in i.get("coding", [])]
    low = "negative-infinity" in codes or (quantity or {}).get("comparator") == "<"
    high = "positive-infinity" in codes or (quantity or {}).get("comparator") == ">"
    failures.check(flags == (["<"] if low else [">"] if high else []), at, "interpretation < / > exactly on LOW / HIGH")


def check_summary(summary, urls, at, holds, failures):
    for name, expression in SUMMARY_COMMON.items():
        failures.check(holds(summary, expression), at, name)
    failures.check(holds(summary, f"meta.profile contains '{IG}cgm-summary'"), at, "IG profile")
    failures.check(holds(summary, "hasMember.count() >= 6"), at, "IG hasMember 6..*")
    failures.check(holds(summary, "value.empty()"), at, "summary panel has no value")
    members = [urls.get(reference.get("reference")) for reference in summary.get("hasMember", [])]
    failures.check(all(member is not None for member in members), at, "hasMember references resolve in the Bundle")
    codes = [member["code"]["coding"][0]["code"] for member in members if member]
    for code in REQUIRED_MEMBERS:
        failures.check(codes.count(code) == 1, at, f"IG hasMember slice {MEMBERS[code][0]} 1..1")
    failures.check(codes.count("97507-8") + codes.count("105273-7") == 1, at, "one mean glucose member")
    for member in filter(None, members):
        failures.check(member.get("effectivePeriod") == summary.get("effectivePeriod"), at,
                       "members cover the summary's period")
        failures.check(member.get("subject") == summary.get("subject"), at, "members have the summary's subject")
    by_code = {member["code"]["coding"][0]["code"]: member for member in members if member}
    mean = by_code.get("97507-8") or by_code.get("105273-7")
    gmi = by_code.get("97506-0")
    if mean and gmi:
        mg = mean["valueQuantity"]["value"] * (18.01559 if mean["valueQuantity"]["code"] == "mmol/L" else 1)
        tolerance = 0.1 + (0.02392 * 0.05 * 18.01559 if mean["valueQuantity"]["code"] == "mmol/L" else 0.02)
        failures.check(abs(3.31 + 0.02392 * mg - gmi["valueQuantity"]["value"]) <= tolerance, at,
                       "GMI = 3.31 + 0.02392 x mean mg/dL (Bergenstal 2018)")


def check_no_empty(value, at, failures):
    """FHIR JSON (R4 §2.6.2, ele-1): no empty objects, arrays or strings, no nulls."""
    if value is None or value == "" or value == [] or value == {}:
        failures.add(at, "ele-1 / JSON rules: an empty or null element")
    elif isinstance(value, dict):
        for child in value.values():
            check_no_empty(child, at, failures)
    elif isinstance(value, list):
        for child in value:
            check_no_empty(child, at, failures)


def fhir_rules(paths):
    holds = fhirpath_rules()
    # The checker must reject known-bad bundles before it is trusted.
    with open(paths[0], encoding="utf-8") as handle:
        sample = json.load(handle)
    reading = next(i for i, e in enumerate(sample["entry"]) if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") in SENSOR)
    mutations = {
        "obs-6": lambda b: b["entry"][reading]["resource"].update(
            valueQuantity={"value": 1, "unit": "mg/dl", "system": UCUM, "code": "mg/dL"},
            dataAbsentReason={"coding": [{"system": DAR, "code": "error"}]}),
        "value or dataAbsentReason": lambda b: [b["entry"][reading]["resource"].pop(k, None) for k in ("valueQuantity", "dataAbsentReason", "interpretation")],
        "unit pattern": lambda b: b["entry"][reading]["resource"].update(
            valueQuantity={"value": 1, "unit": "mg/dL", "system": UCUM, "code": "mg/dL"}, dataAbsentReason=None) or b["entry"][reading]["resource"].pop("dataAbsentReason"),
        "bdl-3": lambda b: b["entry"][reading].pop("request"),
        "timestamp": lambda b: b.pop("timestamp"),
        "effectivePeriod": lambda b: b["entry"][reading]["resource"].update(effectivePeriod={"start": "2025-01-01"}) or b["entry"][reading]["resource"].pop("effectiveDateTime"),
    }
    for name, mutate in mutations.items():
        broken = copy.deepcopy(sample)
        mutate(broken)
        failures = Failures()
        try:
            check_bundle(broken, "self-test", holds, failures)
        except (KeyError, TypeError):
            failures.add("self-test", "malformed")
        if not failures.items:
            sys.exit(f"fhirpath rules accepted a bundle broken by '{name}': the rule check is not working")

    failures = Failures()
    count = 0
    summaries = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            bundle = json.load(handle)
        count += check_bundle(bundle, path, holds, failures)
        summaries += sum(1 for e in bundle["entry"] if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == SUMMARY)
    if failures.items:
        print("\n".join(failures.items[:50]))
        sys.exit(f"{len(failures.items)} FHIR rule violations")
    print(f"fhirpath (R4 model): {len(paths)} bundles, {count} entries, {summaries} summaries: core R4 and CGM IG rules hold")


# ---------------------------------------------------------------- Open mHealth

def omh(schema_dir, paths):
    import os
    import jsonschema
    import referencing
    import referencing.jsonschema

    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    if "date-time" not in checker.checkers:
        sys.exit("jsonschema cannot check date-time (install rfc3339-validator)")
    resources = []
    for folder, base in (("omh", "https://w3id.org/openmhealth/schemas/omh/"),
                         ("ieee", "https://w3id.org/ieee/ieee-1752-schema/")):
        for name in sorted(os.listdir(os.path.join(schema_dir, folder))):
            with open(os.path.join(schema_dir, folder, name), encoding="utf-8") as handle:
                contents = json.load(handle)
            resource = referencing.Resource.from_contents(contents, default_specification=referencing.jsonschema.DRAFT7)
            resources.append((base + name, resource))
    registry = referencing.Registry().with_resources(resources)

    def validator(uri):
        return jsonschema.Draft7Validator({"$ref": uri}, registry=registry, format_checker=checker)

    data_point = validator("https://w3id.org/openmhealth/schemas/omh/data-point-1.0.json")
    blood_glucose = validator("https://w3id.org/openmhealth/schemas/omh/blood-glucose-4.0.json")

    good = {"blood_glucose": {"value": 112, "unit": "mg/dL"}, "effective_time_frame": {"date_time": "2025-03-10T08:05:00Z"},
            "specimen_source": "interstitial fluid"}
    if list(blood_glucose.iter_errors(good)):
        sys.exit("the vendored blood-glucose-4.0 schema rejects a known-good body")
    for bad in ({**good, "blood_glucose": {"value": 112, "unit": "MGDL"}}, {**good, "specimen_source": "capillary_blood"},
                {**good, "effective_time_frame": {"date_time": "yesterday"}}, {"blood_glucose": good["blood_glucose"]}):
        if not list(blood_glucose.iter_errors(bad)):
            sys.exit("the vendored blood-glucose-4.0 schema accepts a known-bad body: validation is not working")
    if not list(data_point.iter_errors({"header": {"id": "x"}, "body": {}})):
        sys.exit("the vendored data-point schema accepts a header without schema_id")

    failures = Failures()
    count = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            points = json.load(handle)
        failures.check(isinstance(points, list), path, "an array of data points")
        ids = set()
        for position, point in enumerate(points):
            at = f"{path}[{position}]"
            for error in data_point.iter_errors(point):
                failures.add(at, f"data-point-1.0: {error.message}")
            for error in blood_glucose.iter_errors(point.get("body")):
                failures.add(at, f"blood-glucose-4.0: {error.message}")
            header = point.get("header", {})
            failures.check(header.get("schema_id") == {"namespace": "omh", "name": "blood-glucose", "version": "4.0"},
                           at, "schema_id omh:blood-glucose:4.0")
            failures.check(header.get("id") not in ids, at, "header ids are unique")
            ids.add(header.get("id"))
            failures.check(point.get("body", {}).get("specimen_source") == "interstitial fluid", at, "specimen source")
            count += 1
    if failures.items:
        print("\n".join(failures.items[:50]))
        sys.exit(f"{len(failures.items)} Open mHealth violations")
    print(f"jsonschema (OMH data-point-1.0 + blood-glucose-4.0): {len(paths)} files, {count} data points valid")


# ---------------------------------------------------------------- CSV

STATUSES = {"ok", "belowRange", "aboveRange", "unavailable"}
TRENDS = {"doubleUp", "singleUp", "fortyFiveUp", "flat", "fortyFiveDown", "singleDown", "doubleDown", "none",
          "notComputable", "rateOutOfRange", "unknown"}
INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$")
WALL_CLOCK = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?$")


def pairs(arguments):
    for argument in arguments:
        batch_path, _, csv_path = argument.partition(":")
        with open(batch_path, encoding="utf-8") as handle:
            batch = json.load(handle)
        with open(csv_path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, strict=True))
        yield csv_path, batch, rows


def tidy_csv(arguments):
    failures = Failures()
    count = 0
    for path, batch, rows in pairs(arguments):
        failures.check(rows and rows[0] == ["id", "time", "displayTime", "utcOffset", "value", "unit", "status", "trend", "trendRate"],
                       path, "tidy header")
        body = rows[1:]
        failures.check([row[0] for row in body] == [r["id"] for r in batch["readings"]], path, "one row per reading, in order")
        for position, (row, reading) in enumerate(zip(body, batch["readings"])):
            at = f"{path} row {position + 1}"
            if len(row) != 9:
                failures.add(at, "nine fields")
                continue
            identifier, time, display, offset, value, unit, status, trend, rate = row
            failures.check(INSTANT.match(time) and time == reading["time"], at, "time is the reading's RFC 3339 instant")
            failures.check(display == reading.get("displayTime", "") and (not display or WALL_CLOCK.match(display)), at, "displayTime")
            failures.check(offset == str(reading.get("utcOffset", "")), at, "utcOffset")
            failures.check((value == "" and reading["value"] is None) or (value != "" and float(value) == reading["value"]), at, "value")
            failures.check(unit == reading["unit"] and unit in ("mg/dL", "mmol/L"), at, "unit")
            failures.check(status in STATUSES and status == reading["status"], at, "status")
            failures.check(trend in TRENDS and trend == reading["trend"], at, "trend")
            failures.check((rate == "" and reading["trendRate"] is None) or (rate != "" and float(rate) == reading["trendRate"]), at, "trendRate")
            count += 1
    if failures.items:
        print("\n".join(failures.items[:50]))
        sys.exit(f"{len(failures.items)} tidy CSV violations")
    print(f"csv (RFC 4180, tidy): {len(arguments)} files, {count} rows match their batches")


def iglu_csv(arguments):
    failures = Failures()
    count = 0
    for path, batch, rows in pairs(arguments):
        failures.check(rows and rows[0] == ["id", "time", "gl"], path, "iglu header id,time,gl")
        expected = [r for r in batch["readings"] if r["value"] is not None]
        failures.check(len(rows) - 1 == len(expected), path, "one row per reading with a value")
        for position, (row, reading) in enumerate(zip(rows[1:], expected)):
            at = f"{path} row {position + 1}"
            try:
                when = datetime.datetime.strptime(row[1], "%Y-%m-%d %H:%M:%S")
                gl = float(row[2])
            except (ValueError, IndexError):
                failures.add(at, "time as YYYY-MM-DD HH:MM:SS and numeric gl")
                continue
            failures.check(len(row) == 3 and row[0] == rows[1][0], at, "three fields, one subject id")
            failures.check(when.strftime("%Y-%m-%dT%H:%M:%S") == reading["time"][:19], at, "time is the reading's UTC time")
            mg = reading["value"] * (18.01559 if reading["unit"] == "mmol/L" else 1)
            failures.check(abs(gl - mg) <= (0.1 * 18.01559 if reading["unit"] == "mmol/L" else 0.0001) and 0 < gl <= 600, at, "gl in mg/dL")
            count += 1
    if failures.items:
        print("\n".join(failures.items[:50]))
        sys.exit(f"{len(failures.items)} iglu CSV violations")
    print(f"csv (iglu id,time,gl): {len(arguments)} files, {count} rows match their batches")


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    mode, rest = argv[1], argv[2:]
    if mode == "fhir-structure" and len(rest) >= 3 and rest[0] == "--models":
        fhir_structure(rest[1], rest[2:])
    elif mode == "fhir-rules" and rest:
        fhir_rules(rest)
    elif mode == "omh" and len(rest) >= 2:
        omh(rest[0], rest[1:])
    elif mode == "csv" and rest:
        tidy_csv(rest)
    elif mode == "iglu" and rest:
        iglu_csv(rest)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
