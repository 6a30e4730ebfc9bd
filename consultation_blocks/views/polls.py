from django.http import Http404


def vote(request, page, poll_id):
    raise Http404
