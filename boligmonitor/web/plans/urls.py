"""The plans' URLs, under /plans/ (included by web/urls.py). Every page has its JSON twin (the same path with
.json); documents are the plan's and the report's .docx/.pdf/.xlsx, the plan file is .yaml."""

from django.urls import re_path

from boligmonitor.web.plans import views

ID = r"(?P<plan_id>[0-9]{1,18})"
KEY = r"[a-z0-9][a-z0-9_\-]{0,63}"

urlpatterns = [
    re_path(r"^plans(?:/|\.(?P<fmt>json))$", views.plan_list, name="plans"),
    re_path(r"^plans/new(?:/|\.(?P<fmt>json))$", views.plan_new, name="plan_new"),
    re_path(rf"^plans/{ID}(?:/|\.(?P<fmt>json|docx|pdf|yaml|csv))$", views.plan_page, name="plan"),
    re_path(rf"^plans/{ID}/edit/(?P<section>[a-z_]{{1,40}})(?:/|\.(?P<fmt>json))$", views.edit, name="plan_edit"),
    re_path(rf"^plans/{ID}/focus/(?P<fa>{KEY})(?:/|\.(?P<fmt>json))$", views.focus, name="plan_focus"),
    re_path(rf"^plans/{ID}/focus/(?P<fa>{KEY})/edit/(?P<section>[a-z_]{{1,40}})(?:/|\.(?P<fmt>json))$", views.edit,
            name="plan_focus_edit"),
    re_path(rf"^plans/{ID}/focus/(?P<fa>{KEY})/goals/(?P<goal>{KEY})/edit(?:/|\.(?P<fmt>json))$", views.edit,
            {"section": "measures"}, name="plan_goal_edit"),
    re_path(rf"^plans/{ID}/reports/$", views.reports_new, name="plan_reports_new"),
    re_path(rf"^plans/{ID}/reports/(?P<year>[0-9]{{4}})(?:/|\.(?P<fmt>json|docx|pdf|xlsx))$", views.report,
            name="plan_report"),
    re_path(rf"^plans/{ID}/revisions(?:/|\.(?P<fmt>json))$", views.revisions, name="plan_revisions"),
    re_path(rf"^plans/{ID}/attachments(?:/|\.(?P<fmt>json))$", views.attachment_list, name="plan_attachments"),
    re_path(rf"^plans/{ID}/attachments/(?P<attachment_id>[0-9]{{1,18}})$", views.attachment,
            name="plan_attachment"),
]
