from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_province_columns")]

    operations = [
        migrations.AlterField(
            model_name="nomination",
            name="province",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="blocs.province",
                verbose_name="province",
            ),
        ),
        migrations.AlterField(
            model_name="awardrecord",
            name="province",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="blocs.province",
                verbose_name="province",
            ),
        ),
        migrations.AddIndex(
            model_name="nomination",
            index=models.Index(fields=["province", "year", "status"], name="nomination_by_province"),
        ),
        migrations.AddIndex(
            model_name="awardrecord",
            index=models.Index(fields=["province", "year"], name="award_record_by_province"),
        ),
    ]
