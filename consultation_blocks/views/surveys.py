from django.http import Http404


def respond(request, page, survey_id):
    raise Http404("Survey responses are not open yet.")


def thanks(request, page, survey_id):
    raise Http404


def resume(request, page, token):
    raise Http404
