"""Every entry of pledges' own history moves to core's change log, unchanged in meaning: a
criteria set's entries become entries of that CriteriaSet, a pledge's of that Pledge, each with
the province and bloc-year of its set or pledge, at the same time and by the same actor.

Two keys change on the way, as the services now write them: a signature's "title" (the signer's
title) becomes "signer_title", and a withdrawal's reason moves from `after` to the entry's
`reason`. The next migration removes the old table.
"""

from django.db import migrations

BATCH = 1000


def _content_type(apps, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="pledges", model=model)
    return content_type


def forward(apps, schema_editor):
    OldChange = apps.get_model("pledges", "Change")
    Change = apps.get_model("core", "Change")
    old = OldChange.objects.select_related(
        "criteria_set", "pledge__bloc_year__bloc"
    ).order_by("pk")
    if not old.exists():
        return
    set_type = _content_type(apps, "criteriaset")
    pledge_type = _content_type(apps, "pledge")
    entries = []
    for entry in old.iterator(chunk_size=BATCH):
        after, reason = entry.after, ""
        if entry.action == "signed" and isinstance(after, dict) and "title" in after:
            after = {
                ("signer_title" if key == "title" else key): value for key, value in after.items()
            }
        if entry.action == "withdrawn" and isinstance(after, dict) and "reason" in after:
            after = dict(after)
            reason = after.pop("reason") or ""
        if entry.pledge_id:
            pledge = entry.pledge
            scope = {
                "content_type": pledge_type,
                "object_id": pledge.pk,
                "province_id": pledge.bloc_year.bloc.province_id,
                "bloc_year_id": pledge.bloc_year_id,
            }
        else:
            criteria_set = entry.criteria_set
            scope = {
                "content_type": set_type,
                "object_id": criteria_set.pk,
                "province_id": criteria_set.province_id,
                "bloc_year_id": criteria_set.bloc_year_id,
            }
        entries.append(
            Change(
                **scope,
                actor_id=entry.actor_id,
                at=entry.at,
                action=entry.action,
                subject=entry.subject,
                reason=reason,
                before=entry.before,
                after=after,
            )
        )
        if len(entries) == BATCH:
            Change.objects.bulk_create(entries)
            entries = []
    Change.objects.bulk_create(entries)


def backward(apps, schema_editor):
    """Pledges' entries of the change log back into pledges' own table (for a rollback)."""
    OldChange = apps.get_model("pledges", "Change")
    Change = apps.get_model("core", "Change")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # The old table stamped `at` on insert (auto_now_add): keep each entry's own time instead.
    OldChange._meta.get_field("at").auto_now_add = False
    existing = {
        "pledge": set(apps.get_model("pledges", "Pledge").objects.values_list("pk", flat=True)),
        "criteriaset": set(
            apps.get_model("pledges", "CriteriaSet").objects.values_list("pk", flat=True)
        ),
    }
    types = dict(
        ContentType.objects.filter(
            app_label="pledges", model__in=["criteriaset", "pledge"]
        ).values_list("pk", "model")
    )
    entries = []
    for entry in Change.objects.filter(content_type_id__in=types).order_by("pk").iterator():
        model = types[entry.content_type_id]
        if entry.object_id not in existing[model]:
            continue  # the old table cannot hold an entry of a deleted record
        after = entry.after
        if entry.action == "signed" and isinstance(after, dict) and "signer_title" in after:
            after = {
                ("title" if key == "signer_title" else key): value for key, value in after.items()
            }
        if entry.reason:
            after = {**(after or {}), "reason": entry.reason}
        target = (
            {"pledge_id": entry.object_id}
            if model == "pledge"
            else {"criteria_set_id": entry.object_id}
        )
        entries.append(
            OldChange(
                **target,
                actor_id=entry.actor_id,
                at=entry.at,
                action=entry.action,
                subject=entry.subject,
                before=entry.before,
                after=after,
            )
        )
    OldChange.objects.bulk_create(entries, batch_size=BATCH)
    Change.objects.filter(content_type_id__in=types).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_change_log"),
        ("pledges", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
