"""The script an admin writes instead of linkwatch: for every linked mailbox, redeem its
refresh token and read its inbox folder, with 16 threads and `requests`. Nothing else is
checked (no app secret probe, no directory, no sign-in log, no history, no alert); only the
rotated refresh tokens are written back to TARGETS.json for the next run.

    python3 check_links.py TARGETS.json BASE_URL

TARGETS.json: [{"tenant", "client_id", "secret", "refresh_token", "object_id"}, ...].
Prints how many mailboxes were ok and how many failed.
"""

import json
import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

targets = json.load(open(sys.argv[1]))
base = sys.argv[2].rstrip("/")
local = threading.local()


def session():
    s = getattr(local, "session", None)
    if s is None:
        s = local.session = requests.Session()
    return s


def check(t):
    s = session()
    r = s.post(
        f"{base}/{t['tenant']}/oauth2/v2.0/token",
        data={
            "grant_type": "refresh_token",
            "client_id": t["client_id"],
            "client_secret": t["secret"],
            "refresh_token": t["refresh_token"],
            "scope": f"{base}/User.Read {base}/Mail.Read offline_access",
        },
        timeout=30,
    )
    if r.status_code != 200:
        try:
            why = r.json().get("error_description", "")[:100]
        except ValueError:
            why = ""
        return f"token {r.status_code} {why}"
    reply = r.json()
    token = reply["access_token"]
    # Refresh tokens rotate: keep the new one for the next run, as the application does.
    t["refresh_token"] = reply.get("refresh_token", t["refresh_token"])
    r = s.get(
        f"{base}/v1.0/users/{t['object_id']}/mailFolders/inbox",
        params={"$select": "id"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    return "ok" if r.status_code == 200 else f"inbox {r.status_code}"


with ThreadPoolExecutor(16) as pool:
    results = list(pool.map(check, targets))
with open(sys.argv[1], "w") as f:
    json.dump(targets, f)
ok = results.count("ok")
failed = Counter(r for r in results if r != "ok").most_common(3)
print(f"{ok} ok, {len(results) - ok} failed" + (f" ({failed})" if failed else ""))
