from django.urls import path

from . import record_views, review_views, views
from .dues import member_views as dues_member
from .dues import overview_views as dues_above
from .dues import views as dues

app_name = "meetings"

urlpatterns = [
    # /chi-bo/<pk>/: a chi bộ's meetings
    path("chi-bo/<int:pk>/sinh-hoat/", views.branch_meetings, name="branch-meetings"),
    path("chi-bo/<int:pk>/sinh-hoat/ghi/", record_views.meeting_record, name="meeting-record"),
    path("chi-bo/<int:pk>/sinh-hoat/ke-hoach/", views.meeting_plan, name="meeting-plan"),
    # /sinh-hoat/<pk>/: one meeting
    path("sinh-hoat/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("sinh-hoat/<int:pk>/sua/", record_views.meeting_edit, name="meeting-edit"),
    path("sinh-hoat/<int:pk>/lich-su/", views.meeting_history, name="meeting-history"),
    path("sinh-hoat/<int:pk>/bien-ban.pdf", views.meeting_pdf, name="meeting-pdf"),
    path("sinh-hoat/<int:pk>/y-kien/", views.meeting_comment, name="meeting-comment"),
    path("sinh-hoat/<int:pk>/dieu-chinh-diem/", views.meeting_adjust, name="meeting-adjust"),
    path("sinh-hoat/<int:pk>/dinh-kem/", views.attachment_add, name="attachment-add"),
    path("sinh-hoat/<int:pk>/huy-ke-hoach/", views.meeting_withdraw, name="meeting-withdraw"),
    path("dinh-kem/<int:pk>/", views.attachment_download, name="attachment-download"),
    # /to-chuc/<pk>/: any scope
    path("to-chuc/<int:pk>/lich-sinh-hoat/", review_views.compliance, name="compliance"),
    path("to-chuc/<int:pk>/theo-doi/", review_views.watchlist, name="watchlist"),
    # Party dues: a chi bộ's books, a member's dues, the level above, the province's parameters
    path("chi-bo/<int:pk>/dang-phi/", dues.branch, name="dues-branch"),
    path("chi-bo/<int:pk>/dang-phi/<int:year>/<int:month>/", dues.month, name="dues-month"),
    path("chi-bo/<int:pk>/dang-phi/<int:year>/<int:month>/thu/", dues.collect, name="dues-collect"),
    path(
        "chi-bo/<int:pk>/dang-phi/<int:year>/<int:month>/so-dang-phi.pdf", dues.book_pdf, name="dues-book-pdf"
    ),
    path(
        "chi-bo/<int:pk>/dang-phi/<int:year>/<int:month>/so-dang-phi.xlsx",
        dues.book_xlsx,
        name="dues-book-xlsx",
    ),
    # (not under dang-vien/<pk>/: branches reads the segment after it as a lifecycle action)
    path("dang-phi/dang-vien/<int:pk>/", dues_member.member, name="dues-member"),
    path("dang-phi/dang-vien/<int:pk>/muc-dong/", dues_member.basis, name="dues-basis"),
    path("dang-phi/dang-vien/<int:pk>/nop/", dues_member.payment, name="dues-payment"),
    path("dang-phi/dang-vien/<int:pk>/<int:year>/<int:month>/ly-do/", dues_member.excuse, name="dues-excuse"),
    path("to-chuc/<int:pk>/dang-phi/", dues_above.overview, name="dues-overview"),
    path("to-chuc/<int:pk>/dang-phi/nhap-sao-ke/", dues_above.statement, name="dues-import"),
    path("dang-phi/tham-so/", dues_above.parameters_page, name="dues-parameters"),
]
