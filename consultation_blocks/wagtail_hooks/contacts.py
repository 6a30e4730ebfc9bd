"""The contacts register in the admin: people and organisations (scoped to each
person's partners and the whole partnership's), the invite list, and answering a
person's request to see, export or erase their data."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    SnippetViewSet,
    SnippetViewSetGroup,
    UsageView,
)

from ..models import Contact, Organisation
from ..models.contacts import may_change_register_entry
from ..selectors.contacts import contacts_for, organisations_for
from ..services.contacts import record_staff_consent
from ..views import invitations, subject_access


class RegisterPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions and, for one entry, the partner rule."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return may_change_register_entry(user, instance)


class ScopedObjectMixin:
    required_instance_action = "change"

    def get_object(self, queryset=None):
        entry = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.required_instance_action, entry
        ):
            raise PermissionDenied
        return entry


class RecordConsentMixin:
    """Consent given on paper, in person or by telephone is recorded with the entry
    (and again whenever staff record a renewal on the edit form)."""

    def save_instance(self):
        contact = super().save_instance()
        form = self.form
        if form.cleaned_data.get("consent_source") and form.cleaned_data.get("consent_wording"):
            record_staff_consent(
                contact=contact,
                source=form.cleaned_data["consent_source"],
                wording=form.cleaned_data["consent_wording"],
                user=self.request.user,
            )
        return contact


class ScopedReadMixin:
    """The history and usage screens name one entry too: only for those who may see it."""

    def get_object(self):
        entry = super().get_object()
        if not may_change_register_entry(self.request.user, entry):
            raise PermissionDenied
        return entry


class RegisterHistoryView(ScopedReadMixin, HistoryView):
    pass


class RegisterUsageView(ScopedReadMixin, UsageView):
    pass


class ContactCreateView(RecordConsentMixin, CreateView):
    pass


class ContactEditView(ScopedObjectMixin, RecordConsentMixin, EditView):
    pass


class RegisterEditView(ScopedObjectMixin, EditView):
    pass


class RegisterDeleteView(ScopedObjectMixin, DeleteView):
    required_instance_action = "delete"


class ContactViewSet(SnippetViewSet):
    model = Contact
    icon = "user"
    menu_label = "People"
    add_view_class = ContactCreateView
    edit_view_class = ContactEditView
    delete_view_class = RegisterDeleteView
    history_view_class = RegisterHistoryView
    usage_view_class = RegisterUsageView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "name",
        "preferred_method",
        Column("partner", label="Kept by"),
        DateColumn("confirmed_at", label="Consent confirmed"),
        DateColumn("keep_until", label="Kept until"),
    ]
    list_filter = ["preferred_method"]
    ordering = ["name"]

    def get_queryset(self, request):
        return contacts_for(request.user).select_related("partner")


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations and networks"
    edit_view_class = RegisterEditView
    delete_view_class = RegisterDeleteView
    history_view_class = RegisterHistoryView
    usage_view_class = RegisterUsageView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["name", "kind", Column("partner", label="Kept by"), "no_invitations"]
    list_filter = ["kind", "no_invitations"]
    ordering = ["name"]

    def get_queryset(self, request):
        return organisations_for(request.user).select_related("partner")


class ContactsViewSetGroup(SnippetViewSetGroup):
    items = (ContactViewSet, OrganisationViewSet)
    menu_icon = "mail"
    menu_label = "Contacts"
    menu_name = "contacts"
    menu_order = 270


register_permission_policy(Contact, RegisterPermissionPolicy(Contact))
register_permission_policy(Organisation, RegisterPermissionPolicy(Organisation))
register_snippet(ContactsViewSetGroup)


@hooks.register("register_admin_urls")
def register_contacts_urls():
    return [
        path("contacts/invite/", invitations.invite, name="consultation_blocks_contacts_invite"),
        path(
            "contacts/subject-access/",
            subject_access.subject_access,
            name="consultation_blocks_subject_access",
        ),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_invite_menu_item():
    return PermissionMenuItem(
        "Invite lists",
        reverse("consultation_blocks_contacts_invite"),
        icon_name="mail",
        order=271,
        permission=invitations.PERMISSION,
    )


@hooks.register("register_settings_menu_item")
def register_subject_access_menu_item():
    return PermissionMenuItem(
        "Personal data requests",
        reverse("consultation_blocks_subject_access"),
        icon_name="lock",
        order=900,
        permission=subject_access.PERMISSION,
    )
