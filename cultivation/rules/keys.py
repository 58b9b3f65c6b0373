"""Rule set keys, "tier@version" (e.g. "srdi_sme@2026"): how they are built and read, in one place."""

SEPARATOR = "@"


def rule_key(tier_code, version):
    return f"{tier_code}{SEPARATOR}{version}"


def split_rule_key(key):
    """("srdi_sme", "2026") for "srdi_sme@2026"; a bare version gives ("", version)."""
    tier_code, separator, version = key.rpartition(SEPARATOR)
    return (tier_code, version) if separator else ("", key)
