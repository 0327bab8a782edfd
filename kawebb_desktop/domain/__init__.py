"""Pure domain: entities, value objects, rules and permissions. No Qt, no SQL."""
