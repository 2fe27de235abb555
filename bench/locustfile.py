"""The users of `make bench-load` (run by bench/load.py in its own venv, bench/.venv-load).

Each simulated user takes one of the accounts of the plan that bench/load.py writes (an account
per user: 30 chi bộ secretaries, 15 commune reviewers, 5 province staff), logs in through the
login form, then browses its own pages with 1–3 s of think time, logging out and in again now
and then. Every request must answer 200 (or 302 for the login and the logout): anything else,
a redirect to the login page included, counts as an error."""

from __future__ import annotations

import json
import os
import re
from itertools import count
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(
    Path(os.environ.get("BENCH_LOAD_PLAN", "bench/out/load-plan.json")).read_text(encoding="utf-8")
)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_taken = {role: count() for role in PLAN["accounts"]}


class Account(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 3)

    def on_start(self):
        accounts = PLAN["accounts"][self.role]
        self.account = accounts[next(_taken[self.role]) % len(accounts)]
        self.log_in()

    def log_in(self):
        with self.client.get(
            PLAN["login"], name="login page", allow_redirects=False, catch_response=True
        ) as response:
            found = TOKEN.search(response.text) if response.status_code == 200 else None
            if not found:
                response.failure(f"login page: {response.status_code}, no CSRF token")
                return
        form = {
            "username": self.account["username"],
            "password": PLAN["password"],
            "csrfmiddlewaretoken": found.group(1),
        }
        with self.client.post(
            PLAN["login"], data=form, name="login (POST)", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302 or "/dang-nhap/" in response.headers.get("Location", ""):
                response.failure(f"login refused: {response.status_code}")

    def page(self, key: str):
        with self.client.get(
            self.account["urls"][key], name=key, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")

    @task(1)
    def log_out_and_in(self):
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            PLAN["logout"],
            headers={"X-CSRFToken": token},
            name="logout (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"logout: {response.status_code}")
        self.client.cookies.clear()
        self.log_in()


def _browse(keys: dict[str, int]):
    """Tasks: one per page key, with its weight."""

    def make(key):
        return lambda self: self.page(key)

    return {make(key): weight for key, weight in keys.items()}


class Secretary(Account):
    role = "secretary"
    weight = 30
    tasks = _browse(
        {
            "home-secretary": 3,
            "rating-sheet": 3,
            "meeting-record": 2,
            "meeting": 2,
            "org-branch": 1,
            "member": 1,
        }
    )


class CommuneReviewer(Account):
    role = "reviewer"
    weight = 15
    tasks = _browse(
        {
            "home": 3,
            "tree-children": 1,
            "org-commune": 1,
            "members": 1,
            "members-search": 1,
            "compliance": 1,
            "watchlist": 1,
            "rating-queue": 2,
            "rating-org": 1,
            "rating-distribution": 1,
        }
    )


class ProvinceStaff(Account):
    role = "staff"
    weight = 5
    tasks = _browse(
        {
            "home-province": 2,
            "tree-children-province": 1,
            "members-province": 1,
            "compliance-province": 1,
            "watchlist-province": 1,
            "rating-queue-province": 2,
            "rating-queue-commune": 1,
            "rating-distribution-province": 2,
        }
    )


class LoginAlone(Account):
    """One user logging in and out, nothing else running: the login's own cost."""

    role = "staff"
    weight = 1  # run only when named on the command line, as bench/load.py does
    wait_time = between(0.2, 0.2)
    tasks = []

    @task
    def again(self):
        self.log_out_and_in()
