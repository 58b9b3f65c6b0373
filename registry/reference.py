"""Loads the reference-data fixtures inside migrations, through the historical models."""

import json
from pathlib import Path

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
REFERENCE_FIXTURES = ("regions", "zones", "industries", "chains", "clusters")


def load_fixture(apps, name):
    """Bulk-creates rows in file order; a relation may name its row by natural key: ["code"]."""
    objects = json.loads((FIXTURES_DIR / f"{name}.json").read_text(encoding="utf-8"))
    pending = {}
    for item in objects:
        model = apps.get_model(item["model"])
        values = {}
        for field_name, value in item["fields"].items():
            field = model._meta.get_field(field_name)
            if field.is_relation and isinstance(value, list):
                flush(pending)
                value = field.related_model.objects.get(code=value[0]).pk
            values[field.attname if field.is_relation else field_name] = value
        if "pk" in item:
            values[model._meta.pk.attname] = item["pk"]
        pending.setdefault(model, []).append(model(**values))
    flush(pending)


def flush(pending):
    for model, instances in pending.items():
        model.objects.bulk_create(instances, batch_size=500)
    pending.clear()


def load_reference_data(apps, schema_editor):
    for name in REFERENCE_FIXTURES:
        load_fixture(apps, name)
