"""The web admin (starlette-admin, in German): staff maintain the content, answer hand-overs, read the
audit log. Only our domain lives here — the list and edit screens come from the library."""
