from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("classes", "0002_participant_survey_code")]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
