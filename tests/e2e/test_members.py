import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, log_in
from tests.factories import MemberFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def similar_names(tree, member_a):
    """Around member_a ("Nguyễn Văn An", chi bộ A): names that differ from it by one word or only by
    diacritics, and a namesake in commune Y that branch A's secretary must not see."""
    MemberFactory(organisation=tree.a, full_name="Nguyễn Văn Ân")
    MemberFactory(organisation=tree.a, full_name="Nguyễn Thị An", gender="F")
    MemberFactory(organisation=tree.a, full_name="Trần Văn An")
    MemberFactory(organisation=tree.b, full_name="Nguyễn Văn An")


def test_secretary_finds_a_member_by_name_typed_without_diacritics(
    page: Page, people, member_a, similar_names
):
    log_in(page, people.secretary_a)
    page.locator(".app-navbar").get_by_role("link", name="Đảng viên", exact=True).click()
    rows = page.locator("#member-rows tbody tr")
    expect(rows).to_have_count(4)

    page.get_by_label("Tìm theo tên").fill("nguyen van an")

    # "Ân" folds to "an" as well; the namesake in chi bộ B is out of scope.
    expect(rows.locator("td:first-child")).to_have_text(["Nguyễn Văn An (1980)", "Nguyễn Văn Ân (1980)"])
    expect(rows.locator("td:nth-child(4)")).to_contain_text(["Chi bộ ấp Chợ Dưới", "Chi bộ ấp Chợ Dưới"])
    expect(page.locator("#member-rows")).to_contain_text("2 đảng viên")

    rows.get_by_role("link", name="Nguyễn Văn An (1980)", exact=True).click()

    expect(page).to_have_url(f"/dang-vien/{member_a.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Văn An")
    expect(page.get_by_role("link", name="Chi bộ ấp Chợ Dưới")).to_be_visible()


def test_member_page_of_another_commune_is_not_found(page: Page, people, member_a, browser_errors):
    browser_errors.allow("status of 404")
    log_in(page, people.secretary_b)

    response = page.goto(f"/dang-vien/{member_a.pk}/")

    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Nguyễn Văn An")
    expect(page.locator("body")).not_to_contain_text("Chợ Dưới")


def test_commune_reviewer_unfolds_the_organisation_tree(page: Page, people):
    log_in(page, people.reviewer_x)

    page.goto("/to-chuc/")

    commune = page.locator(".tree > li > details")
    expect(page.locator(".tree > li > .node a")).to_have_text("Đảng bộ xã Phước Hưng")
    expect(commune).to_have_attribute("open", "")
    expect(commune.locator(":scope > ul > li a")).to_have_text(
        ["Chi bộ ấp Chợ Dưới", "Chi bộ ấp Tân Hạnh", "Đảng bộ cơ quan xã"]
    )
    # The name links to the organisation; the toggle under it unfolds its children.
    committee = commune.locator(
        ":scope > ul > li", has=page.get_by_role("link", name="Đảng bộ cơ quan xã")
    ).locator(":scope > details")
    expect(committee).not_to_have_attribute("open", "")

    committee.locator(":scope > summary").press("Enter")

    expect(committee.locator(":scope > ul a")).to_have_text(["Chi bộ Cơ quan chính quyền"])


# Elements whose right edge passes the viewport, to say what overflows when the width check fails.
WIDER_THAN_VIEWPORT = """() => [...document.body.querySelectorAll("*")]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
    .map(e => `<${e.tagName.toLowerCase()} class="${e.className}">`)"""


def page_width(page: Page) -> tuple[int, list[str]]:
    return page.evaluate("document.documentElement.scrollWidth"), page.evaluate(WIDER_THAN_VIEWPORT)


def test_member_pages_fit_a_phone_screen(page: Page, people, tree):
    member = MemberFactory(
        organisation=tree.a,
        full_name="Nguyễn Thị Thu Hằng",
        gender="F",
        home_town="xã Phước Hưng, huyện Trà Cú",
    )
    MemberFactory(organisation=tree.a, full_name="Thạch Thị Sa Rết", gender="F", ethnicity="Khmer")
    page.set_viewport_size(PHONE)
    log_in(page, people.secretary_a)

    page.goto("/dang-vien/")
    expect(page.locator("#member-rows tbody tr")).to_have_count(2)
    list_width, list_culprits = page_width(page)

    page.goto(f"/dang-vien/{member.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Thị Thu Hằng")
    detail_width, detail_culprits = page_width(page)

    assert list_width <= PHONE["width"], list_culprits
    assert detail_width <= PHONE["width"], detail_culprits
