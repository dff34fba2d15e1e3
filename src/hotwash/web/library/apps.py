from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "hotwash.web.library"
    label = "library"
    verbose_name = "Learning library"
