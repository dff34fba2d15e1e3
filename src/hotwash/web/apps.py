from django.apps import AppConfig


class WebConfig(AppConfig):
    """The project itself: shared templates, static files and template tags."""

    name = "hotwash.web"
    label = "hotwash_web"
