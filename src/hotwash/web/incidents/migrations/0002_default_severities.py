from django.db import migrations

from hotwash.core.model import DEFAULT_SEVERITIES


def add_levels(apps, schema_editor):
    SeverityLevel = apps.get_model("incidents", "SeverityLevel")
    for level in DEFAULT_SEVERITIES:
        SeverityLevel.objects.get_or_create(
            key=level.key, defaults={"label": level.label, "description": level.description, "rank": level.rank})


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
