from django.db import migrations

from coursive.directory.reference_data import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps.get_model("directory", "NafCode"), apps.get_model("directory", "Skill"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
