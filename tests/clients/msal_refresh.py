"""A second, independent OAuth client against linkwatch's simulator: Microsoft's own MSAL for
Python redeems a refresh token as a confidential client, then again from its token cache.

MSAL only takes https authorities; the simulator listens on plain http on 127.0.0.1. The
session below sends MSAL's https://127.0.0.1 requests there over http and says so with
X-Forwarded-Proto, as a TLS-terminating proxy in front of it would. Nothing leaves loopback.

Usage: msal_refresh.py BASE TENANT CLIENT_ID SECRET REFRESH_TOKEN SCOPE...
Prints one JSON object: what MSAL returned and what it cached.
"""
import json
import sys

import msal
import requests


class LoopbackProxy(requests.Session):
    def request(self, method, url, *args, **kwargs):
        if not url.startswith("https://127.0.0.1:"):
            raise RuntimeError("refusing to leave loopback: " + url)
        headers = dict(kwargs.pop("headers", None) or {})
        headers["X-Forwarded-Proto"] = "https"
        return super().request(method, "http://" + url[len("https://"):], *args, headers=headers, **kwargs)


def main():
    base, tenant, client_id, secret, refresh_token = sys.argv[1:6]
    scopes = sys.argv[6:]
    app = msal.ConfidentialClientApplication(
        client_id,
        client_credential=secret,
        authority=base.replace("http://", "https://") + "/" + tenant,
        http_client=LoopbackProxy(),
        instance_discovery=False,
        validate_authority=False,
    )
    first = app.acquire_token_by_refresh_token(refresh_token, scopes=scopes)
    out = {"first": {k: first.get(k) for k in ("error", "error_description", "error_codes", "scope", "id_token_claims")}}
    out["got_access_token"] = "access_token" in first
    accounts = app.get_accounts()
    out["accounts"] = [{k: a.get(k) for k in ("home_account_id", "username", "local_account_id")} for a in accounts]
    if accounts:
        # Silent: MSAL redeems the rotated refresh token it cached (the first one is spent).
        again = app.acquire_token_silent(scopes, account=accounts[0], force_refresh=True)
        out["silent"] = {k: (again or {}).get(k) for k in ("error", "error_description")}
        out["silent_got_access_token"] = bool(again and "access_token" in again)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
