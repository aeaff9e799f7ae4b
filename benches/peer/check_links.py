"""The script an admin writes instead of linkwatch: for every linked mailbox, redeem its
refresh token and read its inbox folder, with 16 threads and `requests`. Nothing else is
checked (no app secret probe, no directory, no sign-in log, nothing stored, no alert).

    python3 check_links.py TARGETS.json BASE_URL

TARGETS.json: [{"tenant", "client_id", "secret", "refresh_token", "object_id"}, ...].
Prints how many mailboxes were ok and how many failed.
"""

import json
import sys
import threading
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
        return f"token {r.status_code}"
    token = r.json()["access_token"]
    r = s.get(
        f"{base}/v1.0/users/{t['object_id']}/mailFolders/inbox",
        params={"$select": "id"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    return "ok" if r.status_code == 200 else f"inbox {r.status_code}"


with ThreadPoolExecutor(16) as pool:
    results = list(pool.map(check, targets))
ok = results.count("ok")
print(f"{ok} ok, {len(results) - ok} failed")
