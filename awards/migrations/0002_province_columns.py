"""Nominations and award records carry their province (issue 14): the board's inbox and
statistics read one province's rows of these national tables by an index on the province,
not by joining every province's blocs or agencies. Added empty and filled here from the bloc
and the agency; 0003 makes them required and adds the indexes."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Bloc = apps.get_model("blocs", "Bloc")
    Agency = apps.get_model("blocs", "Agency")
    Nomination = apps.get_model("awards", "Nomination")
    AwardRecord = apps.get_model("awards", "AwardRecord")
    Nomination.objects.update(
        province_id=Subquery(
            Bloc.objects.filter(years=OuterRef("bloc_year_id")).values("province_id")[:1]
        )
    )
    AwardRecord.objects.update(
        province_id=Subquery(Agency.objects.filter(pk=OuterRef("agency_id")).values("province_id"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
        ("blocs", "0007_national_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="nomination",
            name="province",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="blocs.province",
                verbose_name="province",
            ),
        ),
        migrations.AddField(
            model_name="awardrecord",
            name="province",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="blocs.province",
                verbose_name="province",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
