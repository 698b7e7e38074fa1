import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def province_of_each_year(apps, schema_editor):
    """Until now a bloc never changed province: every year was its bloc's province's."""
    if schema_editor.connection.vendor == "postgresql":
        # The foreign key is checked at once, not at commit: PostgreSQL refuses the ALTER TABLE
        # below while checks of this update are still pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    BlocYear = apps.get_model("blocs", "BlocYear")
    Bloc = apps.get_model("blocs", "Bloc")
    BlocYear.objects.update(
        province_id=Subquery(Bloc.objects.filter(pk=OuterRef("bloc_id")).values("province_id"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("blocs", "0005_letterheads_and_province_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="province",
            name="former_names",
            field=models.JSONField(
                blank=True, default=list, editable=False, verbose_name="former names"
            ),
        ),
        migrations.AddField(
            model_name="province",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="province",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="merged_provinces",
                to="blocs.province",
                verbose_name="merged into",
            ),
        ),
        migrations.AddField(
            model_name="province",
            name="merged_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="merged on"),
        ),
        migrations.AddConstraint(
            model_name="province",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("merged_into__isnull", True), ("merged_on__isnull", True)),
                    models.Q(("merged_into__isnull", False), ("merged_on__isnull", False)),
                    _connector="OR",
                ),
                name="province_merger_has_date",
            ),
        ),
        migrations.AddConstraint(
            model_name="province",
            constraint=models.CheckConstraint(
                condition=models.Q(("merged_into", models.F("pk")), _negated=True),
                name="province_not_merged_into_itself",
            ),
        ),
        migrations.AddField(
            model_name="blocyear",
            name="province",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="bloc_years",
                to="blocs.province",
                verbose_name="province that year",
            ),
        ),
        migrations.RunPython(province_of_each_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="blocyear",
            name="province",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="bloc_years",
                to="blocs.province",
                verbose_name="province that year",
            ),
        ),
    ]
