from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "boligmonitor.web"
    label = "monitor"
    verbose_name = "boligmonitor"
    default_auto_field = "django.db.models.BigAutoField"
