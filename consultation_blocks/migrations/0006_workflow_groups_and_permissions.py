"""Roles and the approval workflow: who may write, approve and publish pages.

Creates (or completes) three groups and the "Partnership approval" workflow:

* Comms editors: sign in to the admin, add and edit pages anywhere in the tree, use
  images and documents, look up partners and areas. They cannot publish: their only way
  to the public is "Submit for moderation".
* Moderators: all of that, plus publish, unpublish, lock and unlock pages, and approve
  or request changes in the "Moderator review" step. Wagtail's own "Moderators" group
  (created by wagtailcore) has the same name and purpose, so it is reused: its members
  and existing permissions stay as they were.
* Administrators: everything in the CMS except managing users and groups (in Wagtail,
  whoever can edit users can make anyone a superuser, so that stays with superusers).
  They can act for every partner.

Wagtail's default "Editors" group is left in place, unchanged; its members are added to
Comms editors so nobody loses access. It can be deleted by hand once unused.

Page permissions are granted on the root of the page tree rather than on the site's
home page. The root always exists (wagtailcore creates it), so this migration does not
depend on the site's own app, and the permissions cover every site and every page,
including the home page and any consultations or strategies section created later.

The workflow has two steps: "Moderator review" (a group approval task for Moderators
and Administrators) and "Lead partner sign-off" (see models/workflows.py). It is assigned to the root of
the tree, where Wagtail's default workflow sat, so every page below it, whatever section
it is in and whenever that section is created, goes through approval. The default
"Moderators approval" workflow is left in place but no longer assigned.

Every step looks things up before creating them, so running it twice changes nothing,
and the reverse undoes what it added.
"""

import django.db.models.deletion
from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

WORKFLOW_NAME = "Partnership approval"
REVIEW_TASK_NAME = "Moderator review"
SIGN_OFF_TASK_NAME = "Lead partner sign-off"
WAGTAIL_DEFAULT_WORKFLOW_NAME = "Moderators approval"

COMMS_EDITORS = "Comms editors"
MODERATORS = "Moderators"
ADMINISTRATORS = "Administrators"
WAGTAIL_EDITORS = "Editors"

EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", ["access_admin"]),
    ("consultation_blocks", "partner", ["view_partner"]),
    ("consultation_blocks", "area", ["view_area"]),
]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]

MODERATOR_PAGE_PERMISSIONS = [*EDITOR_PAGE_PERMISSIONS, "publish_page", "lock_page", "unlock_page"]

ALL = None  # every permission of the model
ADMINISTRATOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", ["access_admin"]),
    ("wagtailcore", "site", ALL),
    ("wagtailcore", "workflow", ALL),
    ("wagtailcore", "task", ALL),
    ("wagtailredirects", "redirect", ALL),
    ("wagtailsearchpromotions", "searchpromotion", ALL),
    ("consultation_blocks", "partner", ALL),
    ("consultation_blocks", "area", ALL),
    ("consultation_blocks", "partnerteammember", ALL),
    ("consultation_blocks", "consultationsettings", ALL),
    ("consultation_blocks", "surveyresponse", ALL),
    ("consultation_blocks", "surveydraft", ALL),
    ("consultation_blocks", "equalityresponse", ALL),
    ("consultation_blocks", "pollvote", ALL),
]
ADMINISTRATOR_PAGE_PERMISSIONS = [*MODERATOR_PAGE_PERMISSIONS, "bulk_delete_page"]
ADMINISTRATOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ALL),
    ("wagtaildocs", "document", ALL),
    ("wagtailcore", "collection", ["add_collection", "change_collection", "delete_collection"]),
]

# Apps whose permissions are granted: their permissions must exist before we grant
# them, and on a fresh database Django only creates permissions after all migrations.
PERMISSION_APPS = [
    "wagtailadmin",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "wagtailsearchpromotions",
    "consultation_blocks",
]

# Optional Wagtail apps: depend on them only where the site installs them.
OPTIONAL_DEPENDENCIES = [
    ("wagtail.contrib.redirects", ("wagtailredirects", "0001_initial")),
    ("wagtail.contrib.search_promotions", ("wagtailsearchpromotions", "0001_initial")),
]


def ensure_permissions_exist(apps, schema_editor):
    for label in PERMISSION_APPS:
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            continue
        # Historical app configs have no models module; create_permissions skips
        # apps without one.
        app_config.models_module = True
        create_permissions(
            app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias
        )
        app_config.models_module = None


def permissions_for(apps, specs):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, model, codenames in specs:
        permissions = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        )
        if codenames is not ALL:
            permissions = permissions.filter(codename__in=codenames)
        found.extend(permissions)
    return found


def tree_root(apps):
    Page = apps.get_model("wagtailcore", "Page")
    return Page.objects.filter(depth=1).order_by("path").first()


def root_collection(apps):
    Collection = apps.get_model("wagtailcore", "Collection")
    return Collection.objects.filter(depth=1).order_by("path").first()


def grant(apps, group, *, model_specs, page_codenames, collection_specs):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Permission = apps.get_model("auth", "Permission")

    group.permissions.add(*permissions_for(apps, model_specs))

    root = tree_root(apps)
    if root is not None:
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore",
            content_type__model="page",
            codename__in=page_codenames,
        ):
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=permission
            )

    collection = root_collection(apps)
    if collection is not None:
        for permission in permissions_for(apps, collection_specs):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ensure_permissions_exist(apps, schema_editor)

    editors, _ = Group.objects.get_or_create(name=COMMS_EDITORS)
    grant(
        apps,
        editors,
        model_specs=EDITOR_MODEL_PERMISSIONS,
        page_codenames=EDITOR_PAGE_PERMISSIONS,
        collection_specs=EDITOR_COLLECTION_PERMISSIONS,
    )
    wagtail_editors = Group.objects.filter(name=WAGTAIL_EDITORS).first()
    if wagtail_editors is not None:
        editors.user_set.add(*wagtail_editors.user_set.all())

    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    grant(
        apps,
        moderators,
        model_specs=EDITOR_MODEL_PERMISSIONS,
        page_codenames=MODERATOR_PAGE_PERMISSIONS,
        collection_specs=EDITOR_COLLECTION_PERMISSIONS,
    )

    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    grant(
        apps,
        administrators,
        model_specs=ADMINISTRATOR_MODEL_PERMISSIONS,
        page_codenames=ADMINISTRATOR_PAGE_PERMISSIONS,
        collection_specs=ADMINISTRATOR_COLLECTION_PERMISSIONS,
    )


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editors = Group.objects.filter(name=COMMS_EDITORS).first()
    if editors is not None:
        # People added to Comms editors since keep their access through Editors.
        wagtail_editors = Group.objects.filter(name=WAGTAIL_EDITORS).first()
        if wagtail_editors is not None:
            wagtail_editors.user_set.add(*editors.user_set.all())
        editors.delete()
    Group.objects.filter(name=ADMINISTRATORS).delete()

    moderators = Group.objects.filter(name=MODERATORS).first()
    if moderators is not None:
        # Wagtail's own permissions for the group stay; the plugin's go.
        moderators.permissions.remove(
            *Permission.objects.filter(content_type__app_label="consultation_blocks")
        )


def content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def create_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    PartnerApprovalTask = apps.get_model("consultation_blocks", "PartnerApprovalTask")

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})

    review, _ = GroupApprovalTask.objects.get_or_create(
        name=REVIEW_TASK_NAME,
        defaults={
            "active": True,
            "content_type": content_type(apps, "wagtailcore", "groupapprovaltask"),
        },
    )
    review.groups.add(*Group.objects.filter(name__in=[MODERATORS, ADMINISTRATORS]))

    sign_off, _ = PartnerApprovalTask.objects.get_or_create(
        name=SIGN_OFF_TASK_NAME,
        defaults={
            "active": True,
            "content_type": content_type(apps, "consultation_blocks", "partnerapprovaltask"),
        },
    )

    for sort_order, task in enumerate([review, sign_off]):
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task_id=task.task_ptr_id, defaults={"sort_order": sort_order}
        )

    root = tree_root(apps)
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("wagtailcore", "Task")
    PartnerApprovalTask = apps.get_model("consultation_blocks", "PartnerApprovalTask")

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        default = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW_NAME).first()
        root = tree_root(apps)
        if root is not None and default is not None:
            WorkflowPage.objects.filter(page=root, workflow=workflow).update(workflow=default)
        workflow.delete()
    # The sign-off task's table goes with this migration, so its tasks (and their
    # history) go too; the review task only if no other workflow uses it.
    PartnerApprovalTask.objects.all().delete()
    Task.objects.filter(name=REVIEW_TASK_NAME, workflow_tasks__isnull=True).delete()


def forwards(apps, schema_editor):
    create_groups(apps, schema_editor)
    create_workflow(apps, schema_editor)
    settle_deferred_constraints(schema_editor)


def backwards(apps, schema_editor):
    remove_workflow(apps, schema_editor)
    remove_groups(apps, schema_editor)
    settle_deferred_constraints(schema_editor)


def settle_deferred_constraints(schema_editor):
    # PostgreSQL refuses to alter or drop tables with pending deferred foreign key
    # checks in the same transaction; check them now so the schema steps can follow.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('consultation_blocks', '0005_outcome_notifications'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailadmin', '0001_create_admin_access_permissions'),
        ('wagtailimages', '0027_image_description'),
        ('wagtaildocs', '0014_alter_document_file_size'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ] + [
        dependency
        for app, dependency in OPTIONAL_DEPENDENCIES
        if global_apps.is_installed(app)
    ]

    operations = [
        migrations.CreateModel(
            name='PartnerApprovalTask',
            fields=[
                ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
            ],
            options={
                'verbose_name': 'lead partner sign-off task',
                'verbose_name_plural': 'lead partner sign-off tasks',
            },
            bases=('wagtailcore.task',),
        ),
        migrations.CreateModel(
            name='PartnerApprovalTaskState',
            fields=[
                ('taskstate_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.taskstate')),
                ('partners', models.ManyToManyField(blank=True, help_text='The partners whose moderators must sign off this version.', related_name='+', to='consultation_blocks.partner')),
            ],
            options={
                'verbose_name': 'partner approval task state',
                'verbose_name_plural': 'partner approval task states',
            },
            bases=('wagtailcore.taskstate',),
        ),
        migrations.CreateModel(
            name='PartnerTeamMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='team_members', to='consultation_blocks.partner')),
                ('user', models.ForeignKey(help_text='Moderators linked to a partner sign off the consultations it leads.', limit_choices_to={'is_active': True}, on_delete=django.db.models.deletion.CASCADE, related_name='partner_teams', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'partner team member',
                'verbose_name_plural': 'partner team members',
                'ordering': ['partner__name', 'user__username'],
                'permissions': [('act_for_every_partner', 'Can approve, publish and moderate for every partner')],
                'constraints': [models.UniqueConstraint(fields=('partner', 'user'), name='unique_partner_team_member')],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
