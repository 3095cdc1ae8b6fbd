from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "boligmonitor.web.plans"
    label = "plans"
    verbose_name = "boligmonitor plans"
    default_auto_field = "django.db.models.BigAutoField"
