from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_cadres_outreach_referrals")]

    operations = [
        migrations.AddField(
            model_name="outreachactivity",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
