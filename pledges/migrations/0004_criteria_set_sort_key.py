import core.ordering
from django.db import migrations


def fill(apps, schema_editor):
    # Existing criteria sets get their keys (vn_sort_key: Vietnamese alphabetical order).
    core.ordering.fill_sort_keys(apps.get_model("pledges", "CriteriaSet"), "sort_key")


class Migration(migrations.Migration):

    dependencies = [
        ('pledges', '0003_remove_own_history'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='criteriaset',
            options={'ordering': ['-year', 'sort_key'], 'verbose_name': 'criteria set', 'verbose_name_plural': 'criteria sets'},
        ),
        migrations.AddField(
            model_name='criteriaset',
            name='sort_key',
            field=core.ordering.SortKeyField(default='', source='title'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
