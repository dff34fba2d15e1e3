from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "hotwash.web.reviews"
    label = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from hotwash.web.reviews import checks  # noqa: F401  (registers the policy check)
