"""Residents post comments and report them; moderators decide what is shown."""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ..forms.comments import CommentForm, ReportForm
from ..models import Comment, CommentKind, CommentState
from ..services.comments import REPLY_UNAVAILABLE, CommentNotAllowed, post_comment, report_comment
from ..spam import address_key, guard_submission

COMMENT_RECEIVED = _("Thank you, your comment will appear once a moderator has checked it.")


def comments_block(page):
    """The page's comments block settings, or 404 if it does not take comments."""
    for child in page.body:
        if child.block_type == "comments":
            return child
    raise Http404("This page does not take comments.")


@guard_submission("comment")
def post(request, page):
    if request.method != "POST":
        return HttpResponseRedirect(page.url + "#comments")
    block = comments_block(page)
    allow_anonymous = bool(block.value.get("allow_anonymous"))
    form = CommentForm(request.POST, allow_anonymous=allow_anonymous)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
            if parent is None:
                form.add_error(None, REPLY_UNAVAILABLE)
        if not form.errors:
            try:
                post_comment(
                    page=page,
                    name=form.cleaned_data.get("name", ""),
                    email=form.cleaned_data["email"],
                    body=form.cleaned_data["body"],
                    anonymous=form.cleaned_data.get("anonymous", False),
                    parent=parent,
                    allow_anonymous=allow_anonymous,
                )
            except CommentNotAllowed as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, COMMENT_RECEIVED, extra_tags="comments")
                return HttpResponseRedirect(page.url + "#comments")
    response = page.render(request, context_overrides={"comment_form": form})
    response.status_code = 403 if not page.is_open else 400
    return response


def reporter_key(request):
    """A stable, anonymous key for this visitor: their session, hashed."""
    if not request.session.session_key:
        request.session.save()
    return salted_hmac("comment-report", request.session.session_key).hexdigest()


@guard_submission("report")
def report(request, page, comment_id):
    comment = Comment.objects.filter(
        pk=comment_id, page=page, kind=CommentKind.COMMENT, state=CommentState.APPROVED
    ).first()
    if comment is None:
        raise Http404("That comment is not available.")
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recorded = report_comment(
            comment=comment,
            reason=form.cleaned_data["reason"],
            reporter=reporter_key(request),
            reporter_address=address_key(request, "comment-report"),
        )
        messages.success(
            request,
            _("Thank you for telling us. A moderator will look at the comment.")
            if recorded
            else _("You have already reported this comment. A moderator will look at it."),
            extra_tags="comments",
        )
        return HttpResponseRedirect(page.url + "#comments")
    return TemplateResponse(
        request,
        "consultation_blocks/comments/report.html",
        {"page": page, "comment": comment, "form": form},
        status=400 if form.errors else 200,
    )
