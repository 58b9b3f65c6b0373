"""One import writes at a time: two files of the same period confirmed together must not both count their rows as new.

Called first inside an import's transaction, before it reads what the database holds. PostgreSQL takes a
transaction-level advisory lock; SQLite already holds its write lock from the start of every transaction
(settings: transaction_mode IMMEDIATE). The second import waits, then reads what the first committed.
"""

from django.db import connection

IMPORT_LOCK_KEY = 54280001  # any constant: the one advisory lock every import takes


def lock_imports():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
