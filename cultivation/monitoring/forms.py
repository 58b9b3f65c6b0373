"""Forms of the monitoring pages: the monthly import's two steps (with the 1–N月累计 option), and the period/area filters."""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from registry.models import Enterprise, IndustryChain, Region, Zone
from registry.sheets.forms import SheetConfirmForm, SheetUploadForm

from .periods import period_label
from .selectors import Light


class MonthlyImportForm(SheetUploadForm):
    import_file = forms.FileField(label=_("月度数据文件"), help_text=_("xlsx 或 csv（UTF-8 或 GBK 编码）"))
    cumulative = forms.BooleanField(label=_("文件中的数字是1-N月累计数（换算为当月数后保存）"), required=False)


class ConfirmMonthlyImportForm(SheetConfirmForm):
    cumulative = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MonitoringFilterForm(forms.Form):
    """The period and the traffic light; MonitoringFilter adds the area filters to it."""

    period = forms.TypedChoiceField(label=_("统计期"), required=False, coerce=datetime.date.fromisoformat, empty_value=None)
    light = forms.ChoiceField(label=_("预警"), required=False, choices=[("", _("全部")), *Light.choices])

    def chosen(self, name):
        return self.cleaned_data.get(name) if self.is_valid() else None

    def chosen_filters(self):
        """(label, value) of each filter chosen besides the period, in the form's order: for a file's name and caption."""
        # The area first, then the light: the order a reader narrows a list in.
        names = [name for name in self.fields if name not in ("period", "light")] + [name for name in self.fields if name == "light"]
        chosen = []
        for name in names:
            value = self.chosen(name)
            if value not in (None, ""):
                chosen.append((self.fields[name].label, Light(value).label if name == "light" else value))
        return chosen


class MonitoringFilter(django_filters.FilterSet):
    """Period and area for the dashboard and the watch lists; every field is optional."""

    county = django_filters.ModelChoiceFilter(label=_("县（区）"), queryset=Region.objects.filter(level=Region.Level.COUNTY), empty_label=_("全部"))
    zone = django_filters.ModelChoiceFilter(label=_("功能区"), queryset=Zone.objects.all(), empty_label=_("全部"))
    chain = django_filters.ModelChoiceFilter(label=_("产业链"), field_name="chains", queryset=IndustryChain.objects.all(), empty_label=_("全部"))

    class Meta:
        model = Enterprise
        fields = ()
        form = MonitoringFilterForm

    def __init__(self, data, *, options, lights=(), enterprises=None):
        """`options`: selectors.filter_options, the periods and the (id, name) of each area filter's choices, read at once."""
        super().__init__(data or None, queryset=Enterprise.objects.all() if enterprises is None else enterprises)
        self.enterprises = enterprises
        self.form.fields["period"].choices = [(period.isoformat(), period_label(period)) for period in options["period"]]
        for name in self.filters:
            # Shown from the options (the widget's list); a chosen value is still looked up in the filter's queryset.
            self.form.fields[name].widget.choices = [("", self.form.fields[name].empty_label), *options[name]]
        if lights:
            # Only the lights a firm on the list can show: a choice that can never match is not offered.
            self.form.fields["light"].choices = [("", _("全部")), *((light.value, light.label) for light in lights)]
        else:
            del self.form.fields["light"]

    def filter_queryset(self, queryset):
        # The period and the light pick figures, not firms: only the area filters narrow the firms.
        for name, area_filter in self.filters.items():
            queryset = area_filter.filter(queryset, self.form.cleaned_data.get(name))
        return queryset

    def firms(self):
        """The firms in the chosen county, zone and chain; None (every firm) stays None when nothing is chosen."""
        if not any(self.form.chosen(name) is not None for name in self.filters):
            return self.enterprises
        return self.qs
