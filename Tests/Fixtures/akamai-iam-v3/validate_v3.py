#!/usr/bin/env python3
"""Validates the files of `idm export akamai DIR` against the Akamai IAM v3 OpenAPI spec.

    validate_v3.py SPEC DIR

Each file is checked against the 200 response schema of its endpoint, with
openapi-schema-validator's OAS30Validator (OpenAPI 3.0: `nullable`, no JSON Schema 2020 keywords):

    users.json        GET /user-admin/ui-identities          (the array)
    groups.json       GET /user-admin/groups                 (the array)
    roles.json        GET /user-admin/roles/{roleId}         (each entry: the list's schema has no grantedRoles)
    api-clients.json  GET /api-clients/{clientId}            (each entry: the list's schema has no apiAccess)
    papi-groups.json  PAPI GET /papi/v1/groups               (not in this spec: a small schema of its shape below)

$refs (local, "#/...") are resolved before validating. Prints one line per file; exits 1 when
any file is invalid or missing, 2 when the validator is not installed.
"""
import json
import os
import sys

try:
    from openapi_schema_validator import OAS30Validator
except ImportError:  # pragma: no cover
    print("openapi-schema-validator is not installed: pip install --user openapi-schema-validator", file=sys.stderr)
    sys.exit(2)

FILES = [
    ("users.json", "/user-admin/ui-identities", False),
    ("groups.json", "/user-admin/groups", False),
    ("roles.json", "/user-admin/roles/{roleId}", True),
    ("api-clients.json", "/api-clients/{clientId}", True),
]

PAPI_GROUPS = {
    "type": "object",
    "required": ["groups"],
    "properties": {
        "accountId": {"type": "string"},
        "accountName": {"type": "string"},
        "groups": {
            "type": "object",
            "required": ["items"],
            "properties": {
                "items": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["groupId", "groupName", "contractIds"],
                        "properties": {
                            "groupId": {"type": "string", "pattern": "^grp_[0-9]+$"},
                            "groupName": {"type": "string", "minLength": 1},
                            "parentGroupId": {"type": "string", "pattern": "^grp_[0-9]+$"},
                            "contractIds": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^ctr_.+$"}},
                        },
                    },
                }
            },
        },
    },
}


def resolve(node, root, seen=()):
    """The schema with every local $ref replaced by what it points to."""
    if isinstance(node, dict):
        if "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/") or ref in seen:
                raise ValueError(f"cannot resolve $ref {ref}")
            target = root
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            return resolve(target, root, seen + (ref,))
        return {k: resolve(v, root, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v, root, seen) for v in node]
    return node


def response_schema(spec, path):
    schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return resolve(schema, spec)


def check(schema, value, label):
    errors = sorted(OAS30Validator(schema).iter_errors(value), key=lambda e: list(e.absolute_path))
    return [f"{label}: {'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in errors[:20]]


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        spec = json.load(f)
    folder = argv[2]
    problems = []
    for name, path, per_entry in FILES:
        full = os.path.join(folder, name)
        if not os.path.exists(full):
            problems.append(f"{name}: missing")
            continue
        with open(full) as f:
            value = json.load(f)
        schema = response_schema(spec, path)
        if per_entry:
            if not isinstance(value, list):
                found = [f"{name}: (root): not an array"]
            else:
                found = [line for i, entry in enumerate(value) for line in check(schema, entry, f"{name} entry {i + 1}")]
        else:
            found = check(schema, value, name)
        problems += found
        print(f"{name}: {'valid' if not found else 'INVALID'} against GET {path}" + (" (each entry)" if per_entry else ""))
    papi = os.path.join(folder, "papi-groups.json")
    if os.path.exists(papi):
        with open(papi) as f:
            found = check(PAPI_GROUPS, json.load(f), "papi-groups.json")
        problems += found
        print(f"papi-groups.json: {'valid' if not found else 'INVALID'} against PAPI's GET /papi/v1/groups shape")
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
