# Issue 12: a vintage's automatic label was stored as Danish text ("Data 2018–2024 · regler … · SYNTETISKE DATA")
# and shown as such on English pages. The label is now stored as what it is made of (label_parts) and worded in the
# page's language; the column "label" keeps its name and its Danish text (Python calls it label_text). A label that
# is not one the import made (typed by hand) gets no parts and stays as typed.
#
# Existing rows: a label is automatic only when it parses as one of the forms imports wrote and its parts agree with
# the row's own data years, rules version, synthetic flag and checksum. The forms: "Data A–B · regler R" with
# " · SYNTETISKE DATA" when synthetic (before 0006), to which 0006 appended " · <8 characters of the checksum>" when
# two vintages shared a label; since 0006, "Data A–B · regler R · <checksum part>" and the synthetic marker last.

import re

from django.db import migrations, models

AUTOMATIC = re.compile(r"Data (?P<first>\d+)–(?P<last>\d+) · regler (?P<rules>.+?)(?: · (?P<check>[0-9a-f]{8,64}))?"
                       r"(?P<synthetic> · SYNTETISKE DATA)?(?: · (?P<late>[0-9a-f]{8}))?")


def _danish(parts):
    """The Danish wording of the parts, as boligmonitor.web.vintage_labels.render words it (frozen here: a migration
    must not change when that module does)."""
    first, last = parts["data_years"]
    text = f"Data {first}–{last} · regler {parts['rules_version']}"
    if parts["checksum"]:
        text += f" · {parts['checksum']}"
    if parts["synthetic"]:
        text += " · SYNTETISKE DATA"
    return text[:200]


def parts_of(label, v):
    """The parts of an automatic label of vintage ``v``, or None when ``label`` is not one (typed by hand)."""
    found = AUTOMATIC.fullmatch(label)
    if found is None or (found["check"] and found["late"]):
        return None
    check = found["check"] or found["late"]
    if (int(found["first"]), int(found["last"])) != (v.first_data_year, v.last_data_year) \
            or found["rules"] != v.rules_version or bool(found["synthetic"]) != v.synthetic \
            or (check is not None and not v.checksum.startswith(check)):
        return None
    return {"data_years": [v.first_data_year, v.last_data_year], "rules_version": v.rules_version,
            "checksum": check, "synthetic": v.synthetic}


def _split_labels(apps, schema_editor):
    vintage = apps.get_model("monitor", "Vintage")
    for v in vintage.objects.all():
        parts = parts_of(v.label_text, v)
        if parts is not None:
            v.label_parts, v.label_text = parts, _danish(parts)  # one order of the parts, whichever form it had
            v.save(update_fields=["label_parts", "label_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('monitor', '0006_api_tokens_vintage_labels'),
    ]

    operations = [
        # only Django's name for the column changes; the column and its text stay (no copy, no rebuild)
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RenameField(model_name='vintage', old_name='label', new_name='label_text'),
            migrations.AlterField(
                model_name='vintage', name='label_text',
                field=models.CharField(db_column='label', help_text='The label as an administrator typed it, or an '
                                       'automatic label in Danish', max_length=200)),
        ]),
        migrations.AddField(
            model_name='vintage',
            name='label_parts',
            field=models.JSONField(blank=True, help_text='What an automatic label is made of '
                                   '(vintage_labels.label_parts); empty for a label typed by hand', null=True),
        ),
        # backwards: the Danish text is still in the column, so the label reads as before
        migrations.RunPython(_split_labels, migrations.RunPython.noop),
    ]
