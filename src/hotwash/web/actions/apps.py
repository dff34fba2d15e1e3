from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "hotwash.web.actions"
    label = "actions"
    verbose_name = "Action items"
