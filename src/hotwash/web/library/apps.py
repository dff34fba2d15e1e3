from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "hotwash.web.library"
    label = "library"
    verbose_name = "Learning library"

    def ready(self) -> None:
        from hotwash.web.library import checks, signals  # noqa: F401  (system checks; index on team changes)
