#!/usr/bin/env python3
"""A worked NRX client in Python, standard library only (python3 docs/clients/client.py).

It lists every referral addressed to the calling member, page by page, and for each field the
gateway withheld says why and what would release it.

    NRX_URL=https://nrx.cptv.example.rs NRX_TOKEN=$(nrx token ...) python3 docs/clients/client.py

The token is a short-lived JWT the member signs itself (docs/authentication.md).
"""
import json
import os
import sys
import urllib.error
import urllib.request

QUERY = """query Received($first: Int!, $after: String) {
  referralsReceived(first: $first, after: $after) {
    edges { node { id sender status purpose document { sections { person { sex dateOfBirth } } } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


def graphql(url, token, query, variables):
    """One GraphQL request; an HTTP error still carries the GraphQL errors with their codes (docs/errors.md)."""
    request = urllib.request.Request(
        url.rstrip("/") + "/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode("utf-8"),
        headers={
            "content-type": "application/json",
            "accept": "application/graphql-response+json",
            "authorization": "Bearer " + token,
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return json.loads(body)
        except ValueError:
            raise RuntimeError("HTTP %d" % error.code) from error


def release_hint(withheld):
    """What would release a withheld field, in one line."""
    release = withheld.get("release")
    if not release:
        return ""
    if release.get("never"):
        return "nothing releases it"
    parts = []
    if release.get("fieldGroups"):
        parts.append("field groups " + ", ".join(release["fieldGroups"]))
    if release.get("agreementClause"):
        parts.append("agreement clause " + json.dumps(release["agreementClause"], separators=(",", ":"), ensure_ascii=False))
    if release.get("consentProvision"):
        parts.append("her consent " + json.dumps(release["consentProvision"], separators=(",", ":"), ensure_ascii=False))
    return "needs " + "; ".join(parts)


def main():
    url = os.environ.get("NRX_URL")
    token = os.environ.get("NRX_TOKEN")
    if not url or not token:
        sys.stderr.write("set NRX_URL (the gateway) and NRX_TOKEN (a token from `nrx token`)\n")
        return 2
    after = None
    count = 0
    withheld = []
    while True:
        page = graphql(url, token, QUERY, {"first": 1, "after": after})
        if page.get("errors"):
            for error in page["errors"]:
                code = (error.get("extensions") or {}).get("code", "UNKNOWN")
                sys.stderr.write("error %s: %s\n" % (code, error["message"]))
            return 1
        withheld.extend(((page.get("extensions") or {}).get("nrx") or {}).get("withheld", []))
        received = page["data"]["referralsReceived"]
        for edge in received["edges"]:
            node = edge["node"]
            count += 1
            print("referral %s from %s: %s (%s)" % (node["id"], node["sender"], node["status"], node["purpose"]))
        if not received["pageInfo"]["hasNextPage"]:
            break
        after = received["pageInfo"]["endCursor"]
    for w in withheld:
        hint = release_hint(w)
        print("withheld %s: %s%s" % (".".join(str(p) for p in w["path"]), w["reason"], "; " + hint if hint else ""))
    print("%d referral(s) received" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
