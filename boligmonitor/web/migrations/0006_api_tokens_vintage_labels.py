# Issue 12 (§5, §7): personal API tokens; the audit log filtered by action; vintage labels that tell vintages
# apart (labels made before this migration only named the data years and rules, so two deliveries looked alike).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _distinct_labels(apps, schema_editor):
    """Give every vintage whose label another vintage shares its checksum's first characters (as imports do now)."""
    vintage = apps.get_model("monitor", "Vintage")
    seen: dict[str, int] = {}
    for label in vintage.objects.values_list("label", flat=True):
        seen[label] = seen.get(label, 0) + 1
    for v in vintage.objects.all():
        if seen[v.label] > 1:
            v.label = f"{v.label} · {v.checksum[:8]}"[:200]
            v.save(update_fields=["label"])


class Migration(migrations.Migration):

    dependencies = [
        ('monitor', '0005_municipality_geometry'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
                ('prefix', models.CharField(max_length=16)),
                ('key_hash', models.CharField(max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('expires_at', models.DateTimeField(blank=True, null=True)),
                ('last_used_at', models.DateTimeField(blank=True, null=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['action', 'at'], name='monitor_aud_action_ce849d_idx'),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(_distinct_labels, migrations.RunPython.noop),
    ]
