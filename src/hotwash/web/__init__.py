"""The Django project of hotwash: settings, urls and one app per domain area."""
