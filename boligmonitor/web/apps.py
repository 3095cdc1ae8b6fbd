from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "boligmonitor.web"
    label = "monitor"
    verbose_name = "boligmonitor"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A worker killed during an upload leaves its folder behind; every start removes such leftovers.
        from boligmonitor.web import uploads

        uploads.sweep()
