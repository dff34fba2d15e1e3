from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "hotwash.web.incidents"
    label = "incidents"
    verbose_name = "Incidents"
