from django.apps import AppConfig


class FollowthroughConfig(AppConfig):
    name = "hotwash.web.followthrough"
    label = "followthrough"
    verbose_name = "Follow-through (reminders, reviews, calendars, trackers)"

    def ready(self) -> None:
        from hotwash.web.followthrough import checks  # noqa: F401  (registers the system checks)
