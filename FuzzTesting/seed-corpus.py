#!/usr/bin/env python3
"""Writes the seed inputs of every fuzz target into Corpus/<Target>/ from the
project's own fixtures and test tables: the starting point that `./do_build.sh
--fuzz` grows and `--merge` minimises. Run from anywhere; existing files are kept
(names are content hashes, so a rerun adds only what is new)."""
import hashlib, json, pathlib, re, subprocess, sys, tempfile

here = pathlib.Path(__file__).resolve().parent
root = here.parent
tests = root / "Tests"
v3 = tests / "CGMKitDexcomTests/Fixtures/dexcom_v3"
share = tests / "CGMKitDexcomTests/Fixtures/dexcom_share"
nightscout = tests / "CGMKitNightscoutTests/Fixtures"


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = here / "Corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def exchanges():
    """Every recorded Share response and request body (cassettes)."""
    for path in sorted((share / "cassettes").glob("*.json")):
        for exchange in json.loads(path.read_text())["exchanges"]:
            yield exchange["request"], exchange["response"]


# JSON reader: JSONTestSuite's parsing cases and every payload fixture.
for path in sorted((tests / "CGMKitTests/Fixtures/JSONTestSuite/test_parsing").glob("*.json")):
    put("FuzzJSONReader", path.read_bytes())

# Dexcom v3: each fixture goes to the target of its endpoint, and all to detection.
endpoint_targets = {"egvs": "FuzzDexcomV3EGVs", "calibrations": "FuzzDexcomV3Calibrations",
                    "events": "FuzzDexcomV3Events", "alerts": "FuzzDexcomV3Alerts",
                    "devices": "FuzzDexcomV3Devices", "datarange": "FuzzDexcomV3DataRange"}
for path in sorted(v3.glob("*.json")):
    data = path.read_bytes()
    put(endpoint_targets[path.name.split("-")[0]], data)
    put("FuzzDexcomV3Detect", data)
    put("FuzzJSONReader", data)

# A day of every sandbox user, so the fast path's shapes are seeded too.
cgm = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, capture_output=True, text=True).stdout.strip()
if cgm and pathlib.Path(cgm, "cgm").exists():
    with tempfile.TemporaryDirectory() as folder:
        for user in ["g7", "g6", "receiver", "mmol"]:
            pathlib.Path(folder, user).mkdir()
            subprocess.run([f"{cgm}/cgm", "sandbox", "--user", user, "--days", "1", "--output", f"{folder}/{user}"],
                           check=True, capture_output=True)
            for path in sorted(pathlib.Path(folder, user).glob("*.json")):
                stem = path.stem.lower().replace("_", "")
                target = next((t for key, t in endpoint_targets.items() if stem.startswith(key)), None)
                if target:
                    put(target, path.read_bytes())
            raw = subprocess.run([f"{cgm}/cgm", "sandbox", "--user", user, "--days", "1", "--provider", "dexcom"],
                                 check=True, capture_output=True).stdout
            put("FuzzShareReadings", raw)
else:
    print("cgm is not built: sandbox seeds skipped (swift build first)", file=sys.stderr)

# Share: payload fixtures and recorded read bodies; error bodies and login answers.
for path in sorted((share / "payloads").glob("*.json")):
    put("FuzzShareReadings", path.read_bytes())
for request, response in exchanges():
    body = response.get("body", "")
    if "ReadPublisherLatestGlucoseValues" in request["url"] and response["status"] == 200:
        put("FuzzShareReadings", body)
    else:
        put("FuzzShareError", body)

# Share Date(…) and ISO times: the test tables' strings.
share_tests = (tests / "CGMKitDexcomTests/ShareNormalizerTests.swift").read_text()
for text in re.findall(r'\("((?:/|Date|date|\d)[^"]*)"', share_tests):
    put("FuzzShareDate", text)
for body in [b for _, r in exchanges() for b in re.findall(r'(/?Date\([^)]*\)/?)', r.get("body", ""))]:
    put("FuzzShareDate", body)
iso_tests = (tests / "CGMKitTests/ISO8601TimestampTests.swift").read_text()
for text in sorted(set(re.findall(r'(?:accept|reject)\("([^"]*)"', iso_tests))):
    put("FuzzISOTime", text)

# OAuth token answers (reliability A6 variants) and OAuth error bodies.
for body in [
    '{"access_token":"a","expires_in":7200,"token_type":"Bearer","refresh_token":"r"}',
    '{"access_token":"a","expires_in":"7200","token_type":"bearer"}',
    '{"access_token":"a","expires_in":1e12,"refresh_token":"r"}',
    '{"access_token":"a","expires_in":-1}', '{"access_token":"a","expires_in":0}',
    '{"access_token":"a","expires_in":7199.5,"not-before-policy":"1726871301,"}',
    '{"access_token":"","expires_in":7200}', '{"access_token":"a","token_type":"mac"}',
    '[{"access_token":"a"}]', '<html><body>OK</body></html>',
    '{"error":"invalid_grant","error_description":"refresh token is not active"}',
    '{"error":"invalid_client"}', '{"error":"temporarily_unavailable"}', '{"error":"bad code\\u0000"}',
]:
    put("FuzzTokenResponse", body)

# Retry-After: both forms, the obsolete ones, junk, several fields.
for body in ["5", "0", "Sun, 06 Nov 1994 08:49:47 GMT", "Sunday, 06-Nov-94 08:49:47 GMT", "Sun Nov  6 08:49:47 1994",
             "-1", "abc", "1e9", "5.5", "99999999999999999999", "5\n7", "abc\n3", "Sun, 31 Feb 1994 08:49:47 GMT",
             "Wed, 21 Oct 2015 07:28:00 GMT\n120"]:
    put("FuzzRetryAfter", body)

# Nightscout: payload fixtures and the recorded exchange's bodies.
for path in sorted((nightscout / "payloads").glob("*.json")):
    put("FuzzNightscout", path.read_bytes())
    put("FuzzJSONReader", path.read_bytes())

# LibreLinkUp: payload fixtures, error envelopes, and the timestamp test table's strings.
libre = tests / "CGMKitLibreTests/Fixtures/librelinkup"
for path in sorted(libre.glob("*.json")):
    put("FuzzLibreLinkUp", path.read_bytes())
    put("FuzzJSONReader", path.read_bytes())
for body in ['{"status":2,"error":{"message":"notAuthenticated"}}', '{"data":{"minimumVersion":"4.16.0"},"status":920}',
             '{"status":429,"data":{"code":60,"data":{"failures":3,"interval":60,"lockout":300},"message":"locked"}}',
             '{"status":4,"data":{"step":{"type":"tou"}}}', '{"status":0,"data":{"redirect":true,"region":"eu2"}}',
             '{"message":"RequiredHeaderMissing"}', '<html><title>Attention Required! | Cloudflare</title></html>',
             '{"status":0,"data":[{"patientId":"a"},{"patientId":"b"}]}', '{"status":0,"data":[]}']:
    put("FuzzLibreLinkUp", body)
libre_tests = (tests / "CGMKitLibreTests/LibreLinkUp/LibreLinkUpTimestampTests.swift").read_text()
for text in sorted(set(re.findall(r'"([^"\\]*(?:AM|PM|am|pm|:|/)[^"\\]*)"', libre_tests))):
    put("FuzzLibreLinkUpTime", text)
# Exported files (issue 16): the Clarity and LibreView fixtures, and small cuts of them.
for path in sorted((tests / "CGMKitDexcomTests/Fixtures/dexcom_clarity").glob("*.csv")) + sorted(
        (tests / "CGMKitLibreTests/Fixtures/libreview").glob("*.csv")):
    data = path.read_bytes()
    for target in ["FuzzCSVReader", "FuzzExportedFiles"]:
        put(target, data)
        put(target, data[:len(data) // 2])
for text in ['a,b\n1,2\n', '"x, y","say ""hi""","two\r\nlines"\r\n', 'a;b\r1;2\r', '"open,1\n', 'a,x"y\n']:
    put("FuzzCSVReader", text)

for folder in sorted((here / "Corpus").iterdir()):
    print(f"{folder.name:26} {len(list(folder.iterdir())):5} seeds")
