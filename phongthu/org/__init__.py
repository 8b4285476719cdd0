"""The organisation: the unit tree, aliases, people, memberships, roles and permissions."""
