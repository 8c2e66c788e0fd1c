"""Runs the real JSON Schema validator (check-jsonschema's command line) for the schema tests.

Usage:
  python schema_check.py metaschema SCHEMA          check SCHEMA against its metaschema (2020-12)
  python schema_check.py validate SCHEMA FILE...    validate each FILE (YAML) against SCHEMA

Prints one JSON object per checked file: {"file": ..., "ok": true/false, "errors": [lines]}.
Always exits 0 when the validator ran; the Swift test decides what is expected. All files are
checked in one validator run (its error lines are prefixed with the file name).
"""
import json
import subprocess
import sys


def run(args):
    p = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *args], capture_output=True, text=True
    )
    lines = [l.strip() for l in (p.stdout + p.stderr).splitlines() if l.strip().startswith(("/", "-", "$"))
             or "::" in l]
    if p.returncode not in (0, 1):
        raise SystemExit(f"check-jsonschema failed to run ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return p.returncode == 0, lines if p.returncode else []


mode, schema, *files = sys.argv[1:]
if mode == "metaschema":
    ok, errors = run(["--check-metaschema", schema])
    print(json.dumps({"file": schema, "ok": ok, "errors": errors}))
elif mode == "validate":
    # One validator run for all files; its error lines start with "FILE::".
    ok, errors = run(["--schemafile", schema, *files])
    for f in files:
        mine = [e for e in errors if e.startswith(f + "::")]
        print(json.dumps({"file": f, "ok": not mine, "errors": mine}))
else:
    raise SystemExit(f"unknown mode {mode}")
