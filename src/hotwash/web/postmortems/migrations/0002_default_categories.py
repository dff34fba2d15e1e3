from django.db import migrations

from hotwash.core.model import DEFAULT_FACTOR_CATEGORIES


def add_categories(apps, schema_editor):
    FactorCategory = apps.get_model("postmortems", "FactorCategory")
    for order, (key, label) in enumerate(DEFAULT_FACTOR_CATEGORIES, start=1):
        FactorCategory.objects.get_or_create(key=key, defaults={"label": label, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("postmortems", "0001_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
