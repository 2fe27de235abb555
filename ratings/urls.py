from django.urls import path

from .views import assessments, dashboard, member, organisations, ratings, recognitions, reports, review

app_name = "ratings"

urlpatterns = [
    # Ratings ---------------------------------------------------------------------------------------
    path("xep-loai/", ratings.period_list, name="period-list"),
    # The member's own page: a login with no role lands here from the home page.
    path("xep-loai/cua-toi/", member.my_home, name="my-ratings"),
    path("xep-loai/nam/<int:pk>/", ratings.period_edit, name="period-edit"),
    path("to-chuc/<int:pk>/xep-loai/mo-nam/", ratings.period_open, name="period-open"),
    # /to-chuc/<pk>/xep-loai/<year>/: an organisation's year
    path("to-chuc/<int:pk>/xep-loai/<int:year>/", ratings.org_year, name="org-year"),
    path("to-chuc/<int:pk>/xep-loai/<int:year>/de-xuat/", ratings.members_propose, name="members-propose"),
    path("to-chuc/<int:pk>/xep-loai/<int:year>/quyet-dinh/", ratings.members_decide, name="members-decide"),
    path("to-chuc/<int:pk>/xep-loai/<int:year>/cong-bo/", ratings.members_publish, name="members-publish"),
    path("to-chuc/<int:pk>/xep-loai/<int:year>/tu-danh-gia/", organisations.org_assess, name="org-assess"),
    path(
        "to-chuc/<int:pk>/xep-loai/<int:year>/to-chuc-de-xuat/", organisations.org_propose, name="org-propose"
    ),
    path(
        "to-chuc/<int:pk>/xep-loai/<int:year>/to-chuc-quyet-dinh/",
        organisations.org_decide,
        name="org-decide",
    ),
    path(
        "to-chuc/<int:pk>/xep-loai/<int:year>/to-chuc-xep-loai-lai/",
        organisations.org_rerate,
        name="org-rerate",
    ),
    path("to-chuc/<int:pk>/xep-loai/<int:year>/cho-quyet-dinh/", review.queue, name="queue"),
    path("to-chuc/<int:pk>/xep-loai/<int:year>/phan-bo/", review.distribution, name="distribution"),
    path("to-chuc/<int:pk>/nhan-xet/<int:rating_pk>/", assessments.comment_add, name="comment-add"),
    # /xep-loai/<pk>/: one member's rating
    path("xep-loai/<int:pk>/", assessments.member_rating, name="member-rating"),
    path("xep-loai/<int:pk>/tu-danh-gia/", assessments.member_assess, name="member-assess"),
    path(
        "xep-loai/<int:pk>/ban-kiem-diem.pdf",
        assessments.member_self_review_pdf,
        name="member-self-review-pdf",
    ),
    path("to-chuc/<int:pk>/tong-quan/", dashboard.dashboard, name="dashboard"),
    # Reports -----------------------------------------------------------------------------------------
    path("to-chuc/<int:pk>/bao-cao/", reports.report_list, name="report-list"),
    path("to-chuc/<int:pk>/bao-cao/tao/", reports.report_request, name="report-request"),
    path("bao-cao/<int:pk>/", reports.report_job, name="report-job"),
    # Recognitions ----------------------------------------------------------------------------------
    path("cong-nhan/", recognitions.scheme_list, name="recognition-scheme-list"),
    path("cong-nhan/danh-hieu/<int:pk>/", recognitions.scheme_detail, name="recognition-scheme-detail"),
    path("cong-nhan/danh-hieu/<int:pk>/chi-tieu/", recognitions.scheme_target, name="recognition-target"),
    # /to-chuc/<pk>/cong-nhan/<year>/: an organisation's recognitions for a year
    path("to-chuc/<int:pk>/cong-nhan/<int:year>/", recognitions.org_year, name="recognition-org"),
    path(
        "to-chuc/<int:pk>/cong-nhan/<int:year>/dang-ky/",
        recognitions.recognition_register,
        name="recognition-register",
    ),
    # /cong-nhan/ho-so/<pk>/: one registration's steps
    path("cong-nhan/ho-so/<int:pk>/tu-danh-gia/", recognitions.recognition_report, name="recognition-report"),
    path(
        "cong-nhan/ho-so/<int:pk>/tham-dinh/", recognitions.recognition_appraise, name="recognition-appraise"
    ),
    path("cong-nhan/ho-so/<int:pk>/quyet-dinh/", recognitions.recognition_decide, name="recognition-decide"),
    path("cong-nhan/ho-so/<int:pk>/huy/", recognitions.recognition_revoke, name="recognition-revoke"),
    path("cong-nhan/minh-chung/<int:pk>/", recognitions.recognition_evidence, name="recognition-evidence"),
]
