from __future__ import annotations

import zoneinfo

from django import forms

from hotwash.core.model import IncidentStatus
from hotwash.core.validate import MAX_TITLE
from hotwash.web.incidents.models import SeverityLevel

DT_WIDGET = {"type": "datetime-local", "step": "60"}


def _dt(label: str, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required,
        widget=forms.DateTimeInput(attrs=DT_WIDGET, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Enter a date and time, e.g. 2024-08-01 14:23."})


class IncidentForm(forms.Form):
    title = forms.CharField(max_length=MAX_TITLE, widget=forms.TextInput(attrs={"autofocus": True}))
    severity = forms.ModelChoiceField(queryset=SeverityLevel.objects.all(), to_field_name="key",
                                      empty_label=None, help_text="")
    status = forms.ChoiceField(choices=[(s.value, s.value.title()) for s in IncidentStatus])
    escalated = forms.BooleanField(required=False, label="Escalated",
                                   help_text="Paged beyond the first responder")
    started_at = _dt("Started", required=True)
    detected_at = _dt("Detected")
    mitigated_at = _dt("Mitigated")
    resolved_at = _dt("Resolved")
    services = forms.CharField(required=False, label="Affected services", help_text="Comma-separated",
                               max_length=2000)
    tags = forms.CharField(required=False, help_text="Comma-separated", max_length=1000)
    timezone = forms.CharField(label="Incident time zone", initial="UTC", max_length=64,
                               help_text="For sources that carry no zone (e.g. syslog)")
    customer_impact = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                      max_length=10_000, label="Customer impact")

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["severity"].label_from_instance = lambda s: f"{s.label} — {s.description}"  # type: ignore[attr-defined]

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"].strip() or "UTC"
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise forms.ValidationError(f"Unknown time zone {name!r}; use an IANA name like Europe/Berlin.") from exc
        return name
