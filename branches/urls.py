from django.urls import path

from . import (
    account_views,
    criteria_set_views,
    import_views,
    member_views,
    reminder_views,
    role_views,
    transfer_views,
    views,
)
from .jobs import views as job_views

app_name = "branches"

urlpatterns = [
    # /to-chuc/
    path("to-chuc/", views.org_tree, name="org-tree"),
    path("to-chuc/<int:pk>/", views.org_detail, name="org-detail"),
    path("to-chuc/<int:pk>/con/", views.org_children, name="org-children"),
    path("to-chuc/<int:pk>/lich-su/", views.org_history, name="org-history"),
    path("to-chuc/<int:pk>/them/", views.org_create, name="org-create"),
    path("to-chuc/<int:pk>/sua/", views.org_edit, name="org-edit"),
    path("to-chuc/<int:pk>/chuyen/", views.org_move, name="org-move"),
    path("to-chuc/<int:pk>/giai-the/", views.org_dissolve, name="org-dissolve"),
    path("to-chuc/<int:pk>/dang-vien/them/", member_views.member_create, name="member-create"),
    # /to-chuc/<pk>/nhap-du-lieu/: the tree and members from Excel (issue 12)
    path("to-chuc/<int:pk>/nhap-du-lieu/", import_views.import_start, name="import-start"),
    path(
        "to-chuc/<int:pk>/nhap-du-lieu/mau/<slug:kind>/", import_views.import_template, name="import-template"
    ),
    path("to-chuc/<int:pk>/xuat-excel/", import_views.import_export, name="import-export"),
    path("nhap-du-lieu/<int:pk>/", import_views.import_job, name="import-job"),
    path("nhap-du-lieu/<int:pk>/xac-nhan/", import_views.import_confirm, name="import-confirm"),
    path("nhap-du-lieu/ghi/<int:pk>/", import_views.import_applying, name="import-applying"),
    path("nhap-du-lieu/ket-qua/<int:pk>/", import_views.import_result, name="import-result"),
    path("xuat-excel/<int:pk>/", import_views.export_job, name="export-job"),
    # /dang-vien/
    path("dang-vien/", member_views.member_list, name="member-list"),
    path("dang-vien/<int:pk>/", member_views.member_detail, name="member-detail"),
    path("dang-vien/<int:pk>/sua/", member_views.member_edit, name="member-edit"),
    path("dang-vien/<int:pk>/lich-su/", member_views.member_history, name="member-history"),
    path("dang-vien/<int:pk>/tai-khoan/", member_views.member_login, name="member-login"),
    path("dang-vien/<int:pk>/<slug:action>/", member_views.member_action, name="member-action"),
    path("chuc-vu/<int:pk>/thoi/", member_views.position_end, name="position-end"),
    # /chuyen-sinh-hoat/
    path("chuyen-sinh-hoat/", transfer_views.transfer_list, name="transfer-list"),
    path("chuyen-sinh-hoat/<int:pk>/tiep-nhan/", transfer_views.transfer_confirm, name="transfer-confirm"),
    path("chuyen-sinh-hoat/<int:pk>/ket-thuc/", transfer_views.transfer_end, name="transfer-end"),
    path("chuyen-sinh-hoat/<int:pk>/huy/", transfer_views.transfer_cancel, name="transfer-cancel"),
    # /phan-quyen/
    path("phan-quyen/", role_views.role_list, name="role-list"),
    path("phan-quyen/them/", role_views.role_grant, name="role-grant"),
    path("phan-quyen/tai-khoan/them/", role_views.account_create, name="account-create"),
    path("phan-quyen/<int:pk>/thu-hoi/", role_views.role_revoke, name="role-revoke"),
    path("phan-quyen/tai-khoan/<int:pk>/", account_views.account_detail, name="account-detail"),
    path(
        "phan-quyen/tai-khoan/<int:pk>/dat-lai-mat-khau/", account_views.account_reset, name="account-reset"
    ),
    path("phan-quyen/tai-khoan/<int:pk>/khoa/", account_views.account_disable, name="account-disable"),
    path("phan-quyen/tai-khoan/<int:pk>/mo-lai/", account_views.account_enable, name="account-enable"),
    path("phan-quyen/khoa-dang-nhap/", account_views.lockout_list, name="lockout-list"),
    path("phan-quyen/khoa-dang-nhap/<int:pk>/go/", account_views.lockout_lift, name="lockout-lift"),
    # /tieu-chi/<kind>/: the national criteria sets and the provinces' versions (branches.criteria_sets)
    path("tieu-chi/<slug:kind>/", criteria_set_views.criteria_list, name="criteria-list"),
    path("tieu-chi/<slug:kind>/<int:pk>/", criteria_set_views.criteria_edit, name="criteria-edit"),
    path("tieu-chi/<slug:kind>/<int:pk>/sao-chep/", criteria_set_views.criteria_copy, name="criteria-copy"),
    # /viec/: background jobs (a report being built); their pages belong to the app that asks for them
    path("viec/<int:pk>/tai-ve/", job_views.job_download, name="job-download"),
    # /mat-khau/, /tai-khoan/, /nhac-viec/: every user's own
    path("mat-khau/", account_views.password_change, name="password-change"),
    path("tai-khoan/", reminder_views.own_account, name="own-account"),
    path("nhac-viec/<int:pk>/xong/", reminder_views.reminder_done, name="reminder-done"),
]
