import core.ordering
from django.db import migrations


def fill(apps, schema_editor):
    # Existing provinces, agencies, officials and blocs get their keys (vn_sort_key: Vietnamese alphabetical order).
    core.ordering.fill_sort_keys(apps.get_model("blocs", "Province"), "sort_key")
    core.ordering.fill_sort_keys(apps.get_model("blocs", "Agency"), "sort_key")
    core.ordering.fill_sort_keys(apps.get_model("blocs", "Official"), "sort_key")
    core.ordering.fill_sort_keys(apps.get_model("blocs", "Bloc"), "sort_key")


class Migration(migrations.Migration):

    dependencies = [
        ('blocs', '0003_former_names'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='agency',
            options={'ordering': ['sort_key'], 'verbose_name': 'agency', 'verbose_name_plural': 'agencies'},
        ),
        migrations.AlterModelOptions(
            name='bloc',
            options={'ordering': ['sort_key'], 'verbose_name': 'bloc', 'verbose_name_plural': 'blocs'},
        ),
        migrations.AlterModelOptions(
            name='blocyear',
            options={'ordering': ['bloc__sort_key', '-year'], 'verbose_name': 'bloc year', 'verbose_name_plural': 'bloc years'},
        ),
        migrations.AlterModelOptions(
            name='membership',
            options={'ordering': ['bloc_year', 'agency__sort_key'], 'verbose_name': 'membership', 'verbose_name_plural': 'memberships'},
        ),
        migrations.AlterModelOptions(
            name='official',
            options={'ordering': ['sort_key', 'title'], 'verbose_name': 'official', 'verbose_name_plural': 'officials'},
        ),
        migrations.AlterModelOptions(
            name='province',
            options={'ordering': ['sort_key'], 'verbose_name': 'province', 'verbose_name_plural': 'provinces'},
        ),
        migrations.AddField(
            model_name='agency',
            name='sort_key',
            field=core.ordering.SortKeyField(default='', source='name'),
        ),
        migrations.AddField(
            model_name='bloc',
            name='sort_key',
            field=core.ordering.SortKeyField(default='', source='name'),
        ),
        migrations.AddField(
            model_name='official',
            name='sort_key',
            field=core.ordering.SortKeyField(default='', source='full_name'),
        ),
        migrations.AddField(
            model_name='province',
            name='sort_key',
            field=core.ordering.SortKeyField(default='', source='name'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
