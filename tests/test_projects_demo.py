"""seed_demo's project step: every light shows, on all three lists, and a second run changes nothing."""

import datetime
import random

import pytest

from projects.demo import seed_projects
from projects.models import Project, ProjectProgress
from projects.selectors import completion_projects, light_by_project, major_projects, renovation_projects
from tests.dbstate import database_checksum
from tests.factories import make_enterprise

TODAY = datetime.date(2026, 6, 15)


@pytest.mark.django_db
class ProjectDemoTests:
    def test_it_shows_every_light_on_every_list(self):
        firms = [make_enterprise(is_above_scale=True) for _ in range(10)]
        seed_projects(random.Random(1), firms, TODAY)
        projects = Project.objects.all()
        assert set(light_by_project(projects, today=TODAY).values()) == {"red", "yellow", "green"}
        assert completion_projects(projects, 2026).exists() and renovation_projects(projects).exists() and major_projects(projects).exists()
        assert not ProjectProgress.objects.filter(period__gte=datetime.date(2026, 6, 1)).exists()
        before = database_checksum()
        seed_projects(random.Random(1), firms, TODAY)
        assert database_checksum() == before
