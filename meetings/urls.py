from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    # /chi-bo/<pk>/: a chi bộ's meetings
    path("chi-bo/<int:pk>/sinh-hoat/", views.branch_meetings, name="branch-meetings"),
    path("chi-bo/<int:pk>/sinh-hoat/ghi/", views.meeting_record, name="meeting-record"),
    path("chi-bo/<int:pk>/sinh-hoat/ke-hoach/", views.meeting_plan, name="meeting-plan"),
    # /sinh-hoat/<pk>/: one meeting
    path("sinh-hoat/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("sinh-hoat/<int:pk>/sua/", views.meeting_edit, name="meeting-edit"),
    path("sinh-hoat/<int:pk>/lich-su/", views.meeting_history, name="meeting-history"),
    path("sinh-hoat/<int:pk>/bien-ban.pdf", views.meeting_pdf, name="meeting-pdf"),
    path("sinh-hoat/<int:pk>/y-kien/", views.meeting_comment, name="meeting-comment"),
    path("sinh-hoat/<int:pk>/dieu-chinh-diem/", views.meeting_adjust, name="meeting-adjust"),
    path("sinh-hoat/<int:pk>/dinh-kem/", views.attachment_add, name="attachment-add"),
    path("sinh-hoat/<int:pk>/huy-ke-hoach/", views.meeting_withdraw, name="meeting-withdraw"),
    path("dinh-kem/<int:pk>/", views.attachment_download, name="attachment-download"),
    # /to-chuc/<pk>/: any scope
    path("to-chuc/<int:pk>/lich-sinh-hoat/", views.compliance, name="compliance"),
    path("to-chuc/<int:pk>/theo-doi/", views.watchlist, name="watchlist"),
]
