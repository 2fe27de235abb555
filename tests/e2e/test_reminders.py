"""The secretary's reminders on the demo as `make run` loads it: `seed_demo` works out what is due on
the demo's day (branches.demo.TODAY), and `bithu` finds it on the home page at phone width, follows
one and marks one done (htmx, one tap), which leaves an audit row."""

import pytest
from playwright.sync_api import Page, expect

from branches.models import ChangeRecord, Reminder
from tests.e2e.conftest import PHONE, Demo, log_in
from tests.e2e.test_meetings import page_width, screenshot

pytestmark = [pytest.mark.e2e]

# The reminders' links and buttons: what is under 44 px or 16 px (inline links in a sentence are
# exempt from the target size, WCAG 2.5.8).
SMALL = """() => [...document.querySelectorAll("#reminders button")].map(e => {
    const box = e.getBoundingClientRect(), font = parseFloat(getComputedStyle(e).fontSize);
    return box.height < 44 || box.width < 44 || font < 16 ? `${e.textContent.trim()} ${box.width}×${box.height} ${font}px` : null;
}).filter(Boolean)"""


def test_the_secretary_sees_her_reminders_and_marks_one_done_on_a_phone(page: Page, demo: Demo, axe):
    secretary = demo.users.bithu
    kept = list(Reminder.objects.open_for(secretary))
    assert sorted(r.kind for r in kept) == ["dues.unpaid", "member.recognition", "rating.propose"]
    page.set_viewport_size(PHONE)
    log_in(page, secretary)

    page.goto("/")

    items = page.locator("#reminders li")
    expect(items).to_have_count(3)
    expect(page.locator("#reminders a")).to_have_text([r.title for r in kept])
    expect(page.locator("#reminders .badge").first).to_have_text("3")
    assert (axe(page), page.evaluate(SMALL), page_width(page)) == ([], [], PHONE["width"])
    screenshot(page, "reminders-home")

    # Each link leads where the thing is done, inside her scope.
    page.locator("#reminders a").first.click()
    expect(page).to_have_url(kept[0].url)
    page.go_back()

    done = kept[0]
    page.get_by_role("button", name=f"Đã xong: {done.title}").click()

    expect(items).to_have_count(2)
    expect(page.locator("#reminders a")).to_have_text([r.title for r in kept[1:]])
    screenshot(page, "reminders-done")
    done.refresh_from_db()
    assert done.done_at is not None
    assert ChangeRecord.objects.about(done).values_list("actor", "summary").get() == (
        secretary.pk,
        f"Đánh dấu đã xong: {done.title}",
    )
    page.reload()
    expect(items).to_have_count(2)


def test_the_secretary_gives_her_address_for_the_daily_digest(page: Page, demo: Demo, axe):
    page.set_viewport_size(PHONE)
    log_in(page, demo.users.bithu)
    page.goto("/tai-khoan/")
    assert axe(page) == []

    page.get_by_label("Địa chỉ email").fill("bithu@example.vn")
    page.get_by_label("Mật khẩu hiện tại").fill("demo12345")  # the address also receives reset links
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator(".alert-success")).to_have_text("Đã lưu cài đặt email.")
    expect(page.get_by_label("Gửi email tóm tắt việc cần làm mỗi ngày")).to_be_checked()
    screenshot(page, "reminders-account")
    demo.users.bithu.refresh_from_db()
    assert demo.users.bithu.email == "bithu@example.vn"


def test_the_reviewer_is_reminded_of_the_decisions_the_commune_takes(page: Page, demo: Demo):
    reviewer = demo.users.xetduyet
    kept = list(Reminder.objects.open_for(reviewer))
    assert {r.kind for r in kept} == {"rating.decide"}
    assert [r.organisation for r in kept if not r.organisation.path.startswith(demo.commune.path)] == []
    page.set_viewport_size(PHONE)
    log_in(page, reviewer)

    page.goto("/")

    expect(page.locator("#reminders a")).to_have_text([r.title for r in kept])
