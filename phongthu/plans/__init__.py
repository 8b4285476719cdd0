"""Plans: groups, tasks and their assignments to units; import, sub-plans, rollover."""
