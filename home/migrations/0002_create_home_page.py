"""Replace Wagtail's placeholder welcome page with the site's HomePage.

A fresh install then serves the real home page straight after `migrate`, with or
without the demo content.
"""

from django.db import migrations

PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP_LENGTH = 4


def _next_child_path(parent_path, sibling_paths):
    last = max((path[-STEP_LENGTH:] for path in sibling_paths), default=None)
    number = 0 if last is None else int(last, 36) + 1
    digits = ""
    for _ in range(STEP_LENGTH):
        number, remainder = divmod(number, 36)
        digits = PATH_ALPHABET[remainder] + digits
    return parent_path + digits


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("home", "HomePage")

    if HomePage.objects.exists():
        return

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return

    # Wagtail's own welcome page, if it is still untouched (its site goes with it).
    Page.objects.filter(
        depth=2, slug="home", content_type__app_label="wagtailcore", content_type__model="page"
    ).delete()

    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
    siblings = Page.objects.filter(depth=2, path__startswith=root.path).values_list(
        "path", flat=True
    )
    home = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=content_type,
        locale=Locale.objects.order_by("pk").first(),
        path=_next_child_path(root.path, siblings),
        depth=2,
        numchild=0,
        url_path="/home/",
        live=True,
        hero_heading="Have your say",
    )
    root.numchild = Page.objects.filter(depth=2, path__startswith=root.path).count()
    root.save(update_fields=["numchild"])

    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


def remove_home_page(apps, schema_editor):
    apps.get_model("home", "HomePage").objects.filter(depth=2, slug="home").delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
