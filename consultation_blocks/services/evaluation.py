"""Storing what residents said about taking part, and staff's evaluation of an activity."""

from ..models import ActivityEvaluation


def record_taking_part(*, page, form):
    """Store one resident's feedback from a valid TakingPartForm on `page`."""
    feedback = form.save(commit=False)
    feedback.page = page
    feedback.save()
    return feedback


def save_activity_evaluation(*, activity, form, user):
    """Create or update the activity's evaluation from a valid ActivityEvaluationForm."""
    evaluation = form.save(commit=False)
    evaluation.activity = activity
    evaluation.evaluated_by = user
    evaluation.save()
    return evaluation


def existing_evaluation(activity):
    return ActivityEvaluation.objects.filter(activity=activity).first()
