"""Delete the object permissions no lookup read: every grant to an agency's principal group (the
referring agency, its prosecuting office, the case manager's provider), the principal groups
themselves (`agency:<public id>`, no members) and the case grants (`cases.view_case`,
`cases.change_case`) given to the assigned case manager. Scope is decided by the records' fields
(docs/access.md, "Object level"); the access log keeps who was given what.

One DELETE per table with a subquery, never rows loaded into Python: a large site holds millions
of these rows. Not reversible (nothing read them), so going back leaves them deleted."""

from django.conf import settings
from django.db import migrations

AGENCY_GROUPS = "agency:%"
DEAD_CASE_PERMISSIONS = ("view_case", "change_case")


def delete_dead_grants(apps, schema_editor):
    quote = schema_editor.quote_name
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    group = quote(Group._meta.db_table)
    agency_groups = f"SELECT id FROM {group} WHERE name LIKE %s"
    dead_permissions = (
        f"SELECT p.id FROM {quote(Permission._meta.db_table)} p"
        f" JOIN {quote(ContentType._meta.db_table)} ct ON ct.id = p.content_type_id"
        " WHERE ct.app_label = %s AND p.codename IN (%s, %s)"
    )
    by_group = [
        apps.get_model("guardian", "GroupObjectPermission"),
        Group.permissions.through,
        User.groups.through,
    ]
    with schema_editor.connection.cursor() as cursor:
        for model in by_group:
            cursor.execute(
                f"DELETE FROM {quote(model._meta.db_table)} WHERE group_id IN ({agency_groups})", [AGENCY_GROUPS]
            )
        cursor.execute(
            f"DELETE FROM {quote(apps.get_model('guardian', 'UserObjectPermission')._meta.db_table)}"
            f" WHERE permission_id IN ({dead_permissions})",
            ["cases", *DEAD_CASE_PERMISSIONS],
        )
        cursor.execute(f"DELETE FROM {group} WHERE name LIKE %s", [AGENCY_GROUPS])


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0004_remove_agency_principal"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(delete_dead_grants, migrations.RunPython.noop)]
