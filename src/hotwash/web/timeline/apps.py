from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "hotwash.web.timeline"
    label = "timeline"
    verbose_name = "Timeline"
