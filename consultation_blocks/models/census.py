"""Who lives in an area: census counts for the categories our equality monitoring
questions use, so responses can be compared with the population they came from.

Figures are loaded from a data file (``manage.py load_census``); the file shipped with
the plugin is ``consultation_blocks/data/census2021.csv``, documented beside it.
"""

from django.db import models


class AreaProfile(models.Model):
    """The census profile of one local authority: one dataset, loaded whole."""

    area = models.OneToOneField(
        "consultation_blocks.Area", on_delete=models.CASCADE, related_name="census_profile"
    )
    code = models.CharField("ONS area code", max_length=12)
    dataset = models.CharField(max_length=80, help_text="For example “Census 2021”.")
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["area__name"]

    def __str__(self):
        return f"{self.area.name}: {self.dataset}"


class CensusFigure(models.Model):
    """How many residents of an area fall in one answer option of one equality question
    (``equality.py`` codes), with the published table it was summed from."""

    profile = models.ForeignKey(AreaProfile, on_delete=models.CASCADE, related_name="figures")
    characteristic = models.CharField(max_length=40)
    category = models.CharField(max_length=40)
    count = models.PositiveIntegerField()
    table = models.CharField(max_length=20, help_text="The census table, e.g. TS021.")
    universe = models.CharField(max_length=120, help_text="Who the table counts.")
    source = models.CharField(max_length=300, help_text="Where the figure was read.")

    class Meta:
        ordering = ["profile", "characteristic", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "characteristic", "category"], name="one_census_figure_per_cell"
            ),
        ]

    def __str__(self):
        return f"{self.characteristic} {self.category}: {self.count}"
