from django.db.models import Count

from registry.models import Cluster, Industry, IndustryChain, Region, Zone


class ReferenceDataTests:
    def test_it_loads_the_whole_industry_table(self, db):
        counts = dict(Industry.objects.values_list("level").annotate(n=Count("code")))
        assert counts == {1: 20, 2: 97, 3: 473, 4: 1381}

    def test_it_links_each_class_to_its_group_division_and_section(self, db):
        ship = Industry.objects.select_related("parent__parent__parent").get(code="3731")
        assert ship.name == "金属船舶制造"
        assert (ship.parent.code, ship.parent.parent.code, ship.parent.parent.parent.code) == ("373", "37", "C")

    def test_it_loads_zhoushan_and_its_counties(self, db):
        assert dict(Region.objects.values_list("code", "name")) == {"330900": "舟山市", "330902": "定海区", "330903": "普陀区", "330921": "岱山县", "330922": "嵊泗县"}
        assert set(Region.objects.filter(level="county").values_list("parent_id", flat=True)) == {"330900"}

    def test_it_loads_zones_chains_and_clusters(self, db):
        assert set(Zone.objects.values_list("name", flat=True)) == {"新城", "普陀山-朱家尖", "高新区", "绿色石化基地", "金塘", "六横"}
        assert "一条鱼" in set(IndustryChain.objects.values_list("name", flat=True))
        assert IndustryChain.objects.count() == 6
        assert set(Cluster.objects.values_list("name", flat=True)) == {"电子电机", "水产加工", "汽车配件", "机械螺杆", "粮油加工"}
