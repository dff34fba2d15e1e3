from django.apps import AppConfig


class PostmortemsConfig(AppConfig):
    name = "hotwash.web.postmortems"
    label = "postmortems"
    verbose_name = "Postmortems"
