"""Monthly monitoring (月度监测): the fast import, derived figures, watch lists and the dashboard."""
