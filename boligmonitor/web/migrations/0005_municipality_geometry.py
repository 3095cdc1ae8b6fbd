# Municipality outlines supplied with a registry (issue 11's map): per municipality, and the source to credit.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('monitor', '0004_export_cache'),
    ]

    operations = [
        migrations.AddField(
            model_name='municipality',
            name='geometry',
            field=models.JSONField(blank=True, help_text='Outline supplied with the registry (a MultiPolygon); none: the map draws the packaged DAGI 2014 outline', null=True),
        ),
        migrations.AddField(
            model_name='vintage',
            name='outline_attribution',
            field=models.CharField(blank=True, default='', help_text='Source of the municipality outlines supplied with the registry', max_length=300),
        ),
    ]
