import core.ordering
from django.db import migrations


def fill(apps, schema_editor):
    # Existing users get their keys (vn_sort_key: Vietnamese alphabetical order).
    core.ordering.fill_sort_keys(apps.get_model("accounts", "User"), "sort_key")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_session_generation'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='user',
            options={'ordering': ['sort_key', 'email'], 'verbose_name': 'user', 'verbose_name_plural': 'users'},
        ),
        migrations.AddField(
            model_name='user',
            name='sort_key',
            field=core.ordering.SortKeyField(default='', source='full_name'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
