"""Searching rows that belong to a firm (pool entries, monthly and annual figures) by the firm's name, short name or USCC.

The firm is matched in a subquery on the firm table (`enterprise_id IN (SELECT id FROM registry_enterprise
WHERE UPPER(name) LIKE …)`), which PostgreSQL answers from the trigram indexes on those expressions
(migration registry 0012); a join would make it scan the rows first. Terms are split as the admin splits them.
"""

from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal

from .models import Enterprise

FIRM_SEARCH_FIELDS = ("name", "short_name", "uscc")


def search_terms(search_term):
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        if bit:
            yield bit


def firms_matching(term):
    condition = Q()
    for field in FIRM_SEARCH_FIELDS:
        condition |= Q(**{f"{field}__icontains": term})
    return Enterprise.objects.filter(condition).values("pk")


def firm_search(queryset, search_term, *, path="enterprise", own_fields=()):
    """Rows whose firm (through `path`) or own fields contain every term, as the admin's search does."""
    for term in search_terms(search_term):
        condition = Q(**{f"{path}__in": firms_matching(term)})
        for field in own_fields:
            condition |= Q(**{f"{field}__icontains": term})
        queryset = queryset.filter(condition)
    return queryset


class FirmSearchMixin:
    """For a ModelAdmin whose search_fields name the firm ("enterprise__name", …): the firm part runs as one subquery."""

    firm_path = "enterprise"

    def get_search_results(self, request, queryset, search_term):
        own_fields = tuple(field for field in self.search_fields if not field.startswith(f"{self.firm_path}__"))
        return firm_search(queryset, search_term, path=self.firm_path, own_fields=own_fields), False
