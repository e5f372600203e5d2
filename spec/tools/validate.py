#!/usr/bin/env python3
"""Validate NRX documents with Python's jsonschema, the way spec/README.md section 8 describes.

    python3 spec/tools/validate.py document.json [more.json ...]

A document that names a country profile (`"profile": "rs"`) is validated against that profile's
merged schemas, published under spec/v1/profiles/<code>/; a profile that is not published is a
problem of the document.

Prints `<file>: valid <kind>` or one line per problem (`<file>: <JSON Pointer>: <message>`);
exits 0 when every document is valid, 1 when one is not, 2 when one cannot be read.

Works with jsonschema 4.18 and newer (schemas registered in a `referencing.Registry`) and with
older 4.x releases such as Debian's python3-jsonschema, which have no `referencing` module
(schemas given to a RefResolver store instead). Either way every schema is loaded from the local
copy of the spec under its `$id`: nothing is fetched from the network.

Format assertion is switched on (FormatChecker). jsonschema checks a format only when the
package behind it is installed: `date-time` needs rfc3339-validator (Debian: python3-rfc3339-validator),
`uri` needs rfc3987 or rfc3986-validator. A format it cannot check is named on standard error.
"""
import json
import pathlib
import sys

import jsonschema

SPEC = pathlib.Path(__file__).resolve().parent.parent / "v1"
BASE = "https://nrx.exchange/spec/v1/"
# The formats the standard relies on; each must be asserted for a validator to conform.
NEEDED_FORMATS = {
    "date": "built in",
    "date-time": "pip install rfc3339-validator (Debian: apt install python3-rfc3339-validator)",
    "uuid": "built in",
    "email": "built in",
    "uri": "pip install rfc3987 (Debian: apt install python3-rfc3987)",
}


def load_schemas():
    schemas = {}
    for path in sorted(SPEC.rglob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schemas[schema["$id"]] = schema
    return schemas


def make_validator_for(schemas):
    """A function kind -> validator, over whichever reference machinery this jsonschema has."""
    cls = jsonschema.Draft202012Validator
    checker = jsonschema.FormatChecker()
    missing = sorted(set(NEEDED_FORMATS) - set(checker.checkers))
    for name in missing:
        sys.stderr.write("warning: format '%s' is not checked by this jsonschema: %s\n" % (name, NEEDED_FORMATS[name]))
    try:
        from referencing import Registry, Resource  # jsonschema >= 4.18
        from referencing.jsonschema import DRAFT202012

        registry = Registry().with_resources(
            (uri, Resource.from_contents(schema, default_specification=DRAFT202012)) for uri, schema in schemas.items()
        )
        return lambda schema_id: cls(schemas[schema_id], registry=registry, format_checker=checker)
    except ImportError:  # older jsonschema (Debian's 4.10): a RefResolver with every schema in its store
        def for_kind(schema_id):
            schema = schemas[schema_id]
            resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=dict(schemas))
            return cls(schema, resolver=resolver, format_checker=checker)

        return for_kind


def schema_id_for(schemas, kind, profile):
    """The schema a document is checked against: its profile's copy when the profile changes that kind."""
    if profile is None:
        return BASE + kind + ".schema.json"
    if not any(uri.startswith(BASE + "profiles/" + profile + "/") for uri in schemas):
        return None
    own = BASE + "profiles/" + profile + "/" + kind + ".schema.json"
    return own if own in schemas else BASE + kind + ".schema.json"


def pointer(path):
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def main(files):
    if not files:
        sys.stderr.write(__doc__)
        return 2
    schemas = load_schemas()
    validator_for = make_validator_for(schemas)
    status = 0
    for file in files:
        try:
            document = json.loads(pathlib.Path(file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            sys.stderr.write("%s: cannot read: %s\n" % (file, error))
            status = 2
            continue
        kind = document.get("kind") if isinstance(document, dict) else None
        if BASE + str(kind) + ".schema.json" not in schemas:
            print("%s: /kind: unknown document kind %r" % (file, kind))
            status = max(status, 1)
            continue
        profile = document.get("profile") if isinstance(document.get("profile"), str) else None
        schema_id = schema_id_for(schemas, kind, profile)
        if schema_id is None:
            print("%s: /profile: unknown country profile %r" % (file, profile))
            status = max(status, 1)
            continue
        errors = sorted(validator_for(schema_id).iter_errors(document), key=lambda e: list(e.absolute_path))
        if not errors:
            print("%s: valid %s%s" % (file, kind, " (profile %s)" % profile if profile else ""))
        for error in errors:
            print("%s: %s: %s (%s)" % (file, pointer(error.absolute_path) or "/", error.message, error.validator))
            status = max(status, 1)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
