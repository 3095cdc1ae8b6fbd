from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from boligmonitor.web import admin_pages, forecast_page, index_page, views, watch_page
from boligmonitor.web.api import api

FMT = r"(?:\.(?P<fmt>json|csv|xlsx|pdf))?"

urlpatterns = [
    re_path(rf"^(?:index{FMT})?$", views.home, name="home"),
    re_path(rf"^lists(?:/|{FMT})$", views.lists, name="lists"),
    re_path(rf"^areas/(?P<area_id>[A-Za-z0-9_-]+)(?:/|{FMT})$", views.area, name="area"),
    re_path(rf"^map(?:/|{FMT})$", views.area_map, name="map"),
    re_path(rf"^rank(?:/|{FMT})$", views.rank, name="rank"),
    re_path(rf"^compare(?:/|{FMT})$", views.compare, name="compare"),
    re_path(rf"^composite(?:/|{FMT})$", index_page.composite, name="composite"),
    re_path(rf"^watchlist(?:/|{FMT})$", watch_page.watch, name="watchlist"),
    re_path(rf"^forecast(?:/|{FMT})$", forecast_page.forecast_view, name="forecast"),
    re_path(rf"^vintages(?:/|{FMT})$", views.vintages, name="vintages"),
    re_path(rf"^import(?:/|{FMT})$", views.upload, name="upload"),
    re_path(rf"^audit(?:/|{FMT})$", views.audit_log, name="audit"),
    re_path(rf"^vintages/(?P<vintage_id>[0-9]+)/preview(?:/|{FMT})$", admin_pages.vintage_preview, name="preview"),
    re_path(rf"^tokens(?:/|{FMT})$", admin_pages.tokens_page, name="tokens"),
    re_path(rf"^users(?:/|{FMT})$", admin_pages.users_page, name="users"),
    re_path(rf"^users/(?P<username>[\w.@+-]+?)(?:/|{FMT})$", admin_pages.user_page, name="user"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="set_language"),
    path("api/", api.urls),
    path("", include("boligmonitor.web.plans.urls")),
]

if settings.OIDC_OP_ISSUER:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler404 = "boligmonitor.web.views.not_found"
handler500 = "boligmonitor.web.views.server_error"
