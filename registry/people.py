def display_name(user):
    """A staff member as colleagues write them: family name first, no space; the username if unnamed."""
    if user is None:
        return "—"
    return f"{user.last_name}{user.first_name}".strip() or user.username
